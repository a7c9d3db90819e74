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
