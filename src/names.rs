//! Names a person would type: criteria, communes, districts and sources
//! given the way a planner knows them, resolved to the one entry they mean.
//!
//! The rules, in order:
//!
//! 1. A text that is exactly an entry's id means that entry, as it always
//!    has: ids keep working unchanged, whatever names other entries have.
//! 2. Otherwise the text is compared with every entry's id, Vietnamese
//!    name, English name and, for criteria, number (1–19 in the order of
//!    Decision 318, or a scenario's own `criteria.csv` in file order),
//!    ignoring case, surrounding and repeated whitespace, and Unicode form
//!    (NFC, so a name typed in decomposed form is the same name).
//! 3. Only an exact match under those rules resolves. A near miss (`Giao
//!    thong` for `Giao thông`) is refused, never guessed: money paid to the
//!    wrong criterion or commune is worse than a message.
//! 4. A text that matches two different entries (two communes of the same
//!    name in different districts) is ambiguous: the message names the
//!    candidates with their ids and asks for the id.
//! 5. An unknown text gets a message that lists the valid entries (the
//!    nearest ten when there are more than [`LIST_ALL_UP_TO`], with how many
//!    there are) and suggests the nearest by an edit distance that ignores
//!    diacritics (`đ` counts as `d`) and case, in the scenario's language.

use std::cell::OnceCell;
use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::instance::{Commune, Criterion, District, Source};
use crate::lang::Lang;

/// Catalogues this long or shorter are listed whole in a message; longer
/// ones (the 94 communes of Lai Châu) by their nearest [`NEAREST_LISTED`].
pub const LIST_ALL_UP_TO: usize = 20;
const NEAREST_LISTED: usize = 10;
/// More equally near suggestions than this say nothing useful.
const MOST_SUGGESTIONS: usize = 3;

/// What a catalogue holds, for the words of its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Criterion,
    Commune,
    District,
    Source,
    Village,
}

impl Kind {
    /// The singular noun, in `lang`.
    fn noun(self, lang: Lang) -> &'static str {
        match self {
            Kind::Criterion => lang.pick("tiêu chí", "criterion"),
            Kind::Commune => lang.pick("xã", "commune"),
            Kind::District => lang.pick("huyện", "district"),
            Kind::Source => lang.pick("nguồn vốn", "source"),
            Kind::Village => lang.pick("thôn, bản", "village"),
        }
    }

    fn plural(self, lang: Lang) -> &'static str {
        match self {
            Kind::Criterion => lang.pick("tiêu chí", "criteria"),
            Kind::Commune => lang.pick("xã", "communes"),
            Kind::District => lang.pick("huyện", "districts"),
            Kind::Source => lang.pick("nguồn vốn", "sources"),
            Kind::Village => lang.pick("thôn, bản", "villages"),
        }
    }

    /// The start of the message about an unknown text. The English one is
    /// the wording the tool has always used, so that scripts and people
    /// who know it still find it.
    fn unknown(self, text: &str, lang: Lang) -> String {
        match lang {
            Lang::En => match self {
                Kind::Criterion => format!("unknown criterion `{text}`"),
                Kind::Commune => format!("unknown commune `{text}` (not in communes.csv)"),
                Kind::District => format!("unknown district `{text}` (not in communes.csv)"),
                Kind::Source => format!("unknown source `{text}`"),
                Kind::Village => format!("unknown village `{text}` (not in villages.csv)"),
            },
            Lang::Vi => match self {
                Kind::Criterion => format!("tiêu chí `{text}` không có trong danh mục tiêu chí"),
                Kind::Commune => format!("xã `{text}` không có trong communes.csv"),
                Kind::District => format!("huyện `{text}` không có trong communes.csv"),
                Kind::Source => format!("nguồn vốn `{text}` không có trong dữ liệu"),
                Kind::Village => format!("thôn, bản `{text}` không có trong villages.csv"),
            },
        }
    }
}

/// One thing a text may name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub name_vi: Option<String>,
    pub name_en: Option<String>,
    /// The criterion's number in its catalogue, from 1.
    pub number: Option<usize>,
    /// What tells two entries of one name apart in a message: a commune's
    /// district.
    pub context: Option<String>,
}

impl Entry {
    /// An entry known only by its id (a district, whose name is its id).
    pub fn id_only(id: &str) -> Entry {
        Entry {
            id: id.to_string(),
            name_vi: None,
            name_en: None,
            number: None,
            context: None,
        }
    }

    /// The name to show in `lang`, or the other language's when it has
    /// only that one.
    fn name(&self, lang: Lang) -> Option<&str> {
        let (first, second) = match lang {
            Lang::Vi => (&self.name_vi, &self.name_en),
            Lang::En => (&self.name_en, &self.name_vi),
        };
        first.as_deref().or(second.as_deref())
    }

    /// Every text that names the entry as written, id first.
    fn texts(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str())
            .chain(self.name_vi.as_deref())
            .chain(self.name_en.as_deref())
    }

    /// `2 \`transport\` (Giao thông)`, `\`C12\` (Tân Uyên, Than Uyên)`.
    fn describe(&self, lang: Lang) -> String {
        let mut out = String::new();
        if let Some(n) = self.number {
            out.push_str(&format!("{n} "));
        }
        out.push_str(&format!("`{}`", self.id));
        let mut extra: Vec<&str> = Vec::new();
        if let Some(name) = self.name(lang).filter(|n| *n != self.id) {
            extra.push(name);
        }
        if let Some(context) = &self.context {
            extra.push(context);
        }
        if !extra.is_empty() {
            out.push_str(&format!(" ({})", extra.join(", ")));
        }
        out
    }
}

/// Why a text names no single entry. `message` is for people, in the
/// catalogue's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameError {
    pub ambiguous: bool,
    pub message: String,
    /// The message after its opening words (`unknown criterion \`x\``):
    /// the suggestion and the list, for a caller that opens the message in
    /// its own words.
    pub detail: String,
}

impl std::fmt::Display for NameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NameError {}

/// The entries of one kind, ready to resolve texts.
#[derive(Debug, Clone)]
pub struct Catalogue {
    kind: Kind,
    lang: Lang,
    entries: Vec<Entry>,
    /// Exact ids: the fast path every id-only table takes.
    ids: HashMap<String, usize>,
    /// Matching keys ([`key`]) of ids, names and numbers, to the entries
    /// they name, each entry once, in catalogue order.
    keys: HashMap<String, Vec<usize>>,
    /// Each entry's texts as near misses are measured ([`skeleton`]), with
    /// their length in characters, made at the first unknown text (which
    /// is measured against every entry), never when every text resolves.
    skeletons: OnceCell<Vec<Vec<(String, usize)>>>,
}

impl Catalogue {
    pub fn new(kind: Kind, entries: Vec<Entry>, lang: Lang) -> Catalogue {
        let mut ids = HashMap::with_capacity(entries.len());
        let mut keys: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            // The first of two equal ids keeps it, as a lookup by position
            // would.
            ids.entry(entry.id.clone()).or_insert(i);
            let numbers = entry.number.map(|n| n.to_string());
            for text in entry.texts().chain(numbers.as_deref()) {
                let named = keys.entry(key(text)).or_default();
                if !named.contains(&i) {
                    named.push(i);
                }
            }
        }
        Catalogue {
            kind,
            lang,
            entries,
            ids,
            keys,
            skeletons: OnceCell::new(),
        }
    }

    fn skeletons(&self) -> &[Vec<(String, usize)>] {
        self.skeletons.get_or_init(|| {
            self.entries
                .iter()
                .map(|e| {
                    e.texts()
                        .map(|t| {
                            let s = skeleton(t);
                            let n = s.chars().count();
                            (s, n)
                        })
                        .collect()
                })
                .collect()
        })
    }

    /// The criteria, numbered from 1 in their catalogue's order.
    pub fn criteria(criteria: &[Criterion], lang: Lang) -> Catalogue {
        let entries = criteria
            .iter()
            .enumerate()
            .map(|(i, c)| Entry {
                id: c.id.clone(),
                name_vi: Some(c.name_vi.clone()),
                name_en: Some(c.name_en.clone()),
                number: Some(i + 1),
                context: None,
            })
            .collect();
        Catalogue::new(Kind::Criterion, entries, lang)
    }

    /// The communes, each with its district to tell namesakes apart.
    pub fn communes(communes: &[Commune], districts: &[District], lang: Lang) -> Catalogue {
        let entries = communes
            .iter()
            .map(|c| Entry {
                id: c.id.clone(),
                name_vi: Some(c.name.clone()),
                name_en: None,
                number: None,
                context: districts.get(c.district.0).map(|d| d.name.clone()),
            })
            .collect();
        Catalogue::new(Kind::Commune, entries, lang)
    }

    /// The villages, each with its commune to tell namesakes apart.
    pub fn villages(
        villages: &[crate::instance::Village],
        communes: &[Commune],
        lang: Lang,
    ) -> Catalogue {
        let entries = villages
            .iter()
            .map(|v| Entry {
                id: v.id.clone(),
                name_vi: Some(v.name.clone()),
                name_en: None,
                number: None,
                context: communes.get(v.commune.0).map(|c| c.name.clone()),
            })
            .collect();
        Catalogue::new(Kind::Village, entries, lang)
    }

    /// The districts: a district's name is its id.
    pub fn districts(districts: &[District], lang: Lang) -> Catalogue {
        let entries = districts.iter().map(|d| Entry::id_only(&d.name)).collect();
        Catalogue::new(Kind::District, entries, lang)
    }

    /// The sources by id and by their name in `sources.csv`; the districts'
    /// land-use revenue by the names the reports give it.
    pub fn sources(sources: &[Source], lang: Lang) -> Catalogue {
        let entries = sources
            .iter()
            .map(|s| {
                let (vi, en) = if s.is_land_revenue() {
                    (
                        "Tiền thu sử dụng đất".to_string(),
                        Some("Land-use revenue".to_string()),
                    )
                } else {
                    (s.name.clone(), None)
                };
                Entry {
                    id: s.id.clone(),
                    name_vi: Some(vi),
                    name_en: en,
                    number: None,
                    context: None,
                }
            })
            .collect();
        Catalogue::new(Kind::Source, entries, lang)
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Why `text` names no single entry, in Vietnamese and in English, for
    /// an error shown in the reader's language (`--lang` may differ from
    /// the catalogue's). Built only when a name fails, so the common path
    /// stays one lookup.
    pub fn error_text(&self, text: &str) -> crate::error::Text {
        match self.errors(text) {
            Some((vi, en)) => crate::error::Text::both(vi.message, en.message),
            None => String::new().into(),
        }
    }

    /// The error of `text` in Vietnamese and in English; None when it
    /// names one entry.
    pub fn errors(&self, text: &str) -> Option<(NameError, NameError)> {
        let told = |lang: Lang| {
            let mut catalogue = self.clone();
            catalogue.lang = lang;
            catalogue.resolve(text).err()
        };
        Some((told(Lang::Vi)?, told(Lang::En)?))
    }

    /// The entry `text` names, by the rules of the module.
    /// The entry `text` names when it names exactly one, as `resolve`
    /// says, without the message `resolve` builds when it does not (the
    /// nearest names, an edit distance to every entry): for the checks
    /// where naming nothing is the usual answer.
    pub fn find(&self, text: &str) -> Option<usize> {
        if let Some(&i) = self.ids.get(text) {
            return Some(i);
        }
        match self.matches(text) {
            [i] => Some(*i),
            _ => None,
        }
    }

    pub fn resolve(&self, text: &str) -> Result<usize, NameError> {
        if let Some(&i) = self.ids.get(text) {
            return Ok(i);
        }
        match self.matches(text) {
            [i] => Ok(*i),
            [] => {
                let detail = self.unknown_detail(text);
                Err(NameError {
                    ambiguous: false,
                    message: format!("{}{detail}", self.kind.unknown(text, self.lang)),
                    detail,
                })
            }
            candidates => {
                let entries: Vec<&Entry> = candidates.iter().map(|&i| &self.entries[i]).collect();
                let detail = format!(": {}", namesakes(self.kind, text, &entries, self.lang));
                Err(NameError {
                    ambiguous: true,
                    message: format!("{}{detail}", self.ambiguous_opening(text)),
                    detail,
                })
            }
        }
    }

    /// What to say of a `text` that names no single entry, without the
    /// list of every entry: the nearest entries, or the entries it names
    /// when it names several; None when it names one, or nothing near. For
    /// the evaluator, whose breaks name the text already and may be many,
    /// so the whole list would be noise.
    pub fn hint(&self, text: &str) -> Option<Hint> {
        match self.matches(text) {
            [] => {
                let nearest = self.nearest(text);
                (!nearest.is_empty()).then_some(Hint::Nearest(nearest))
            }
            [_] => None,
            candidates => Some(Hint::Namesakes {
                kind: self.kind,
                text: text.to_string(),
                entries: candidates
                    .iter()
                    .map(|&i| self.entries[i].clone())
                    .collect(),
            }),
        }
    }

    fn matches(&self, text: &str) -> &[usize] {
        let k = key(text);
        if let Some(found) = self.keys.get(&k) {
            return found;
        }
        // Numbers are matched by value: `02` is criterion 2.
        if !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) {
            let trimmed = k.trim_start_matches('0');
            if let Some(found) = self.keys.get(trimmed) {
                return found;
            }
        }
        &[]
    }

    /// `; did you mean …? The criteria are: …`, or `. The criteria are: …`
    /// when nothing is near.
    fn unknown_detail(&self, text: &str) -> String {
        let listing = self.listing(text);
        let nearest = self.nearest(text);
        if nearest.is_empty() {
            format!(". {listing}")
        } else {
            format!("; {} {listing}", did_you_mean(&nearest, self.lang))
        }
    }

    fn ambiguous_opening(&self, text: &str) -> String {
        let lang = self.lang;
        let noun = self.kind.noun(lang);
        match lang {
            Lang::En => format!("ambiguous {noun} `{text}`"),
            Lang::Vi => format!("{noun} `{text}` không rõ là {noun} nào"),
        }
    }

    /// The entries nearest to `text`, each as (its text nearest to what
    /// was typed, its id), when something is near enough to be worth
    /// saying and no more than a few are equally near.
    fn nearest(&self, text: &str) -> Vec<(String, String)> {
        let typed = skeleton(text);
        let length = typed.chars().count();
        // Two edits, or a quarter of a long text, may be slips (`Alfa` for
        // `Alpha`, `tranport`); beyond that a suggestion is more often
        // another thing than the one meant (`thuong mai` is not `Trường
        // học`).
        let reach = length.div_ceil(4).max(2);
        let mut best: Option<usize> = None;
        let mut nearest: Vec<(usize, usize)> = Vec::new();
        for (i, texts) in self.skeletons().iter().enumerate() {
            let limit = best.unwrap_or(reach);
            // The entry's text nearest to what was typed, the first of
            // equals; a length too different cannot be near.
            let Some((d, t)) = texts
                .iter()
                .enumerate()
                .filter(|(_, (_, n))| n.abs_diff(length) <= limit)
                .map(|(t, (s, _))| (distance(&typed, s), t))
                .min_by_key(|(d, _)| *d)
            else {
                continue;
            };
            if d > limit {
                continue;
            }
            if best != Some(d) {
                nearest.clear();
                best = Some(d);
            }
            nearest.push((i, t));
        }
        if nearest.len() > MOST_SUGGESTIONS {
            return Vec::new();
        }
        nearest
            .into_iter()
            .map(|(i, t)| {
                let entry = &self.entries[i];
                let written = entry.texts().nth(t).unwrap_or(&entry.id);
                (written.to_string(), entry.id.clone())
            })
            .collect()
    }

    /// The valid entries: all of them, or the nearest to `text` and how
    /// many there are.
    fn listing(&self, text: &str) -> String {
        let lang = self.lang;
        let n = self.entries.len();
        let plural = self.kind.plural(lang);
        if n <= LIST_ALL_UP_TO {
            let list: Vec<String> = self.entries.iter().map(|e| e.describe(lang)).collect();
            return match lang {
                Lang::En => format!("The {plural} are: {}", list.join(", ")),
                Lang::Vi => format!("Các {plural} là: {}", list.join(", ")),
            };
        }
        let typed = skeleton(text);
        let mut order: Vec<(usize, usize)> = self
            .skeletons()
            .iter()
            .enumerate()
            .map(|(i, texts)| {
                let d = texts
                    .iter()
                    .map(|(s, _)| distance(&typed, s))
                    .min()
                    .unwrap_or(usize::MAX);
                (d, i)
            })
            .collect();
        order.sort_unstable();
        let list: Vec<String> = order
            .iter()
            .take(NEAREST_LISTED)
            .map(|&(_, i)| self.entries[i].describe(lang))
            .collect();
        match lang {
            Lang::En => format!(
                "There are {n} {plural}; the nearest are: {}",
                list.join(", ")
            ),
            Lang::Vi => format!("Có {n} {plural}; gần nhất là: {}", list.join(", ")),
        }
    }
}

/// What can be said of a text that names no single entry, in no language
/// yet: the evaluator finds it once, the reports say it in theirs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// The nearest entries: (the text of each nearest to what was typed,
    /// its id).
    Nearest(Vec<(String, String)>),
    /// The entries a text names, all of them.
    Namesakes {
        kind: Kind,
        text: String,
        entries: Vec<Entry>,
    },
}

impl Hint {
    /// `; did you mean …?` or `; \`Tân Uyên\` names 2 communes: …`, to
    /// follow a message that names the text.
    pub fn words(&self, lang: Lang) -> String {
        match self {
            Hint::Nearest(nearest) => format!("; {}", did_you_mean(nearest, lang)),
            Hint::Namesakes {
                kind,
                text,
                entries,
            } => {
                let entries: Vec<&Entry> = entries.iter().collect();
                format!("; {}", namesakes(*kind, text, &entries, lang))
            }
        }
    }
}

/// `did you mean \`Giao thông\` (\`transport\`)?`
fn did_you_mean(nearest: &[(String, String)], lang: Lang) -> String {
    let named: Vec<String> = nearest
        .iter()
        .map(|(written, id)| {
            if written == id {
                format!("`{written}`")
            } else {
                format!("`{written}` (`{id}`)")
            }
        })
        .collect();
    let named = named.join(lang.pick(" hoặc ", " or "));
    match lang {
        Lang::En => format!("did you mean {named}?"),
        Lang::Vi => format!("có phải là {named}?"),
    }
}

/// `\`Tân Uyên\` names 2 communes: …; write the id`.
fn namesakes(kind: Kind, text: &str, entries: &[&Entry], lang: Lang) -> String {
    let list: Vec<String> = entries.iter().map(|e| e.describe(lang)).collect();
    let n = entries.len();
    let plural = kind.plural(lang);
    match lang {
        Lang::En => format!(
            "`{text}` names {n} {plural}: {}; write the id",
            list.join(", ")
        ),
        Lang::Vi => format!(
            "`{text}` là tên của {n} {plural}: {}; hãy ghi mã",
            list.join(", ")
        ),
    }
}

/// A text as names are matched: NFC, lower case, whitespace trimmed and
/// runs of it made one space.
pub fn key(text: &str) -> String {
    let spaced: Vec<&str> = text.split_whitespace().collect();
    spaced.join(" ").to_lowercase().nfc().collect()
}

/// A text as near misses are measured: [`key`] without diacritics, `đ` as
/// `d`, so that `Giao thong` is no distance from `Giao thông`.
pub fn skeleton(text: &str) -> String {
    key(text)
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .collect()
}

/// The Levenshtein distance between two texts, over characters.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criteria(lang: Lang) -> Catalogue {
        let criteria: Vec<Criterion> = crate::criteria::DECISION_318
            .iter()
            .map(|(id, vi, en)| Criterion {
                id: id.to_string(),
                name_vi: vi.to_string(),
                name_en: en.to_string(),
            })
            .collect();
        Catalogue::criteria(&criteria, lang)
    }

    #[test]
    fn edit_distance() {
        assert_eq!(distance("", ""), 0);
        assert_eq!(distance("abc", ""), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("tranport", "transport"), 1);
        assert_eq!(distance("transprot", "transport"), 2);
        // Characters, not bytes: `ô` is one edit from `o`.
        assert_eq!(distance("thông", "thong"), 1);
    }

    #[test]
    fn diacritics_folding() {
        assert_eq!(skeleton("Giao thông"), "giao thong");
        assert_eq!(skeleton("  Điện   "), "dien");
        assert_eq!(skeleton("đường ĐẮK"), "duong dak");
        assert_eq!(skeleton("Thủy lợi"), skeleton("Thuỷ lợi"));
        // Decomposed input folds the same as composed.
        assert_eq!(skeleton("Giao tho\u{302}ng"), "giao thong");
    }

    #[test]
    fn keys_ignore_case_space_and_form() {
        assert_eq!(key("  Giao   THÔNG "), "giao thông");
        assert_eq!(key("Giao tho\u{302}ng"), key("Giao thông"));
        assert_ne!(key("Giao thong"), key("Giao thông"));
    }

    #[test]
    fn criteria_by_id_name_and_number() {
        let c = criteria(Lang::En);
        assert_eq!(c.resolve("transport"), Ok(1));
        assert_eq!(c.resolve("Giao thông"), Ok(1));
        assert_eq!(c.resolve("giao thông"), Ok(1));
        assert_eq!(c.resolve("TRANSPORT"), Ok(1));
        assert_eq!(c.resolve("2"), Ok(1));
        assert_eq!(c.resolve("02"), Ok(1));
        assert_eq!(c.resolve("19"), Ok(18));
        assert_eq!(c.resolve("Defence and security"), Ok(18));
        assert!(c.resolve("20").is_err());
        assert!(c.resolve("0").is_err());
    }

    #[test]
    fn near_misses_are_refused_with_a_suggestion() {
        let e = criteria(Lang::En).resolve("Giao thong").unwrap_err();
        assert!(!e.ambiguous);
        assert!(
            e.message.starts_with(
                "unknown criterion `Giao thong`; did you mean `Giao thông` (`transport`)?"
            ),
            "{}",
            e.message
        );
        assert!(e.message.contains("19 `security`"), "{}", e.message);
        let e = criteria(Lang::En).resolve("tranport").unwrap_err();
        assert!(
            e.message.contains("did you mean `transport`?"),
            "{}",
            e.message
        );
        let e = criteria(Lang::Vi).resolve("tranport").unwrap_err();
        assert!(
            e.message.starts_with(
                "tiêu chí `tranport` không có trong danh mục tiêu chí; có phải là `transport`?"
            ),
            "{}",
            e.message
        );
        // Nothing near: no suggestion, but the list.
        let e = criteria(Lang::En).resolve("thuong mai").unwrap_err();
        assert!(!e.message.contains("did you mean"), "{}", e.message);
        let e = criteria(Lang::En).resolve("xyzzy").unwrap_err();
        assert!(!e.message.contains("did you mean"), "{}", e.message);
        assert!(
            e.message
                .contains("The criteria are: 1 `planning` (Planning)")
        );
    }

    #[test]
    fn namesakes_are_ambiguous() {
        let entry = |id: &str, name: &str, district: &str| Entry {
            id: id.into(),
            name_vi: Some(name.into()),
            name_en: None,
            number: None,
            context: Some(district.into()),
        };
        let c = Catalogue::new(
            Kind::Commune,
            vec![
                entry("C1", "Tân Uyên", "Tân Uyên"),
                entry("C2", "Tân Uyên", "Than Uyên"),
                entry("C3", "Mường Khoa", "Tân Uyên"),
            ],
            Lang::En,
        );
        assert_eq!(c.resolve("C2"), Ok(1));
        assert_eq!(c.resolve("mường khoa"), Ok(2));
        let e = c.resolve("Tân Uyên").unwrap_err();
        assert!(e.ambiguous);
        assert_eq!(
            e.message,
            "ambiguous commune `Tân Uyên`: `Tân Uyên` names 2 communes: \
             `C1` (Tân Uyên, Tân Uyên), `C2` (Tân Uyên, Than Uyên); write the id"
        );
        let hint = c.hint("Tân Uyên").expect("a hint");
        assert!(hint.words(Lang::En).contains("names 2 communes"));
        assert!(hint.words(Lang::Vi).contains("là tên của 2 xã"));
        assert_eq!(c.hint("C1"), None);
        assert_eq!(
            c.hint("Muong Khoa").map(|h| h.words(Lang::En)),
            Some("; did you mean `Mường Khoa` (`C3`)?".to_string())
        );
    }

    #[test]
    fn long_catalogues_list_the_nearest() {
        let entries = (1..=94)
            .map(|i| Entry {
                id: format!("X{i:03}"),
                name_vi: Some(format!("Xã số {i}")),
                name_en: None,
                number: None,
                context: None,
            })
            .collect();
        let c = Catalogue::new(Kind::Commune, entries, Lang::En);
        let e = c.resolve("X1000").unwrap_err();
        assert!(
            e.message
                .contains("There are 94 communes; the nearest are: "),
            "{}",
            e.message
        );
        assert_eq!(e.message.matches('`').count() / 2, 1 + 10, "{}", e.message);
    }
}
