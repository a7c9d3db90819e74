//! The built-in criteria catalogue: the 19 commune criteria of
//! Decision 318/QĐ-TTg (2021–2025). A scenario may replace it with its own
//! `criteria.csv` (for example the 10 criteria of Decision 51/2025/QĐ-TTg);
//! nothing else in the crate assumes how many criteria there are.

/// (id, Vietnamese name, English name), in the decision's order.
pub const DECISION_318: [(&str, &str, &str); 19] = [
    ("planning", "Quy hoạch", "Planning"),
    ("transport", "Giao thông", "Transport"),
    (
        "irrigation",
        "Thủy lợi và phòng, chống thiên tai",
        "Irrigation and disaster prevention",
    ),
    ("electricity", "Điện", "Electricity"),
    ("schools", "Trường học", "Schools"),
    (
        "cultural_facilities",
        "Cơ sở vật chất văn hóa",
        "Cultural facilities",
    ),
    (
        "commerce",
        "Cơ sở hạ tầng thương mại nông thôn",
        "Rural commercial infrastructure",
    ),
    (
        "ict",
        "Thông tin và Truyền thông",
        "Information and communications",
    ),
    ("housing", "Nhà ở dân cư", "Housing"),
    ("income", "Thu nhập", "Income"),
    ("poverty", "Nghèo đa chiều", "Multidimensional poverty"),
    ("labour", "Lao động", "Labour"),
    (
        "production",
        "Tổ chức sản xuất và phát triển kinh tế nông thôn",
        "Production organisation and rural economy",
    ),
    ("education", "Giáo dục và Đào tạo", "Education and training"),
    ("health", "Y tế", "Health"),
    ("culture", "Văn hóa", "Culture"),
    (
        "environment",
        "Môi trường và an toàn thực phẩm",
        "Environment and food safety",
    ),
    (
        "political_system",
        "Hệ thống chính trị và tiếp cận pháp luật",
        "Political system and access to law",
    ),
    ("security", "Quốc phòng và An ninh", "Defence and security"),
];

/// The built-in catalogue of the advanced level (xã nông thôn mới nâng
/// cao): the 19 criteria of the national set for advanced communes,
/// 2021–2025 (Decision 318/QĐ-TTg of 8 March 2022, Appendix II, and the
/// lists that succeed it), one per commune criterion at a higher level.
/// The ids are this tool's (the decision numbers its criteria, it gives no
/// ids), and the names add "(nâng cao)" / "(advanced)" to the commune
/// criterion's name, so that a name never stands for both levels. A
/// scenario may replace the catalogue with its own `advanced_criteria.csv`.
pub const ADVANCED_318: [(&str, &str, &str); 19] = [
    (
        "adv_planning",
        "Quy hoạch (nâng cao)",
        "Planning (advanced)",
    ),
    (
        "adv_transport",
        "Giao thông (nâng cao)",
        "Transport (advanced)",
    ),
    (
        "adv_irrigation",
        "Thủy lợi và phòng, chống thiên tai (nâng cao)",
        "Irrigation and disaster prevention (advanced)",
    ),
    (
        "adv_electricity",
        "Điện (nâng cao)",
        "Electricity (advanced)",
    ),
    ("adv_schools", "Giáo dục (nâng cao)", "Education (advanced)"),
    (
        "adv_cultural_facilities",
        "Văn hóa (nâng cao)",
        "Culture (advanced)",
    ),
    (
        "adv_commerce",
        "Cơ sở hạ tầng thương mại nông thôn (nâng cao)",
        "Rural commercial infrastructure (advanced)",
    ),
    (
        "adv_ict",
        "Thông tin và Truyền thông (nâng cao)",
        "Information and communications (advanced)",
    ),
    (
        "adv_housing",
        "Nhà ở dân cư (nâng cao)",
        "Housing (advanced)",
    ),
    ("adv_income", "Thu nhập (nâng cao)", "Income (advanced)"),
    (
        "adv_poverty",
        "Nghèo đa chiều (nâng cao)",
        "Multidimensional poverty (advanced)",
    ),
    ("adv_labour", "Lao động (nâng cao)", "Labour (advanced)"),
    (
        "adv_production",
        "Tổ chức sản xuất và phát triển kinh tế nông thôn (nâng cao)",
        "Production organisation and rural economy (advanced)",
    ),
    ("adv_health", "Y tế (nâng cao)", "Health (advanced)"),
    (
        "adv_public_administration",
        "Hành chính công (nâng cao)",
        "Public administration (advanced)",
    ),
    (
        "adv_access_to_law",
        "Tiếp cận pháp luật (nâng cao)",
        "Access to law (advanced)",
    ),
    (
        "adv_environment",
        "Môi trường (nâng cao)",
        "Environment (advanced)",
    ),
    (
        "adv_living_quality",
        "Chất lượng môi trường sống (nâng cao)",
        "Quality of the living environment (advanced)",
    ),
    (
        "adv_security",
        "Quốc phòng và An ninh (nâng cao)",
        "Defence and security (advanced)",
    ),
];
