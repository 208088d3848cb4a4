//! The content model: bulletins, their sections and articles, and partial dates.
//!
//! Everything else in gazette is a function into or out of these types: `import`
//! recovers them from raw text, `content` writes and reads them as Markdown files,
//! and `site` turns them into pages. They hold what an editor can see and change;
//! anything derived (URLs, summaries, tags) is computed from them, never stored.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A date known to the day, the month or only the year: an issue dated "2021-04" is a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// How much of a [`PartialDate`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl PartialDate {
    /// A full date, or `None` when the day does not exist (2021-02-30).
    pub fn ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        let date = PartialDate {
            year,
            month: Some(u8::try_from(month).ok()?),
            day: Some(u8::try_from(day).ok()?),
        };
        date.is_valid().then_some(date)
    }

    /// A month, or `None` when the month is out of range.
    pub fn ym(year: i32, month: u32) -> Option<Self> {
        let date = PartialDate {
            year,
            month: Some(u8::try_from(month).ok()?),
            day: None,
        };
        date.is_valid().then_some(date)
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The same date cut to month precision.
    pub fn to_month(self) -> Self {
        PartialDate { day: None, ..self }
    }

    fn is_valid(&self) -> bool {
        if !(1000..=9999).contains(&self.year) {
            return false;
        }
        match (self.month, self.day) {
            (None, None) => true,
            (None, Some(_)) => false,
            (Some(m), None) => (1..=12).contains(&m),
            (Some(m), Some(d)) => {
                (1..=12).contains(&m) && d >= 1 && d <= days_in_month(self.year, m)
            }
        }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = String;

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, rejecting dates that do not exist.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "'{s}' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (for example 2021-04-26)"
            )
        };
        let parts: Vec<&str> = s.trim().split('-').collect();
        if parts.is_empty() || parts.len() > 3 || parts[0].len() != 4 {
            return Err(bad());
        }
        let num = |p: &str, width: usize| -> Result<u32, String> {
            if p.len() != width || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse::<u32>().map_err(|_| bad())
        };
        let year = num(parts[0], 4)? as i32;
        let month = parts.get(1).map(|p| num(p, 2)).transpose()?;
        let day = parts.get(2).map(|p| num(p, 2)).transpose()?;
        let date = PartialDate {
            year,
            month: month.map(|m| m as u8),
            day: day.map(|d| d as u8),
        };
        if month.is_some_and(|m| m > 12) || day.is_some_and(|d| d > 31) || !date.is_valid() {
            return Err(format!(
                "'{s}' is not a date that exists (check the month and day)"
            ));
        }
        Ok(date)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// What a raw bulletin is: many articles under columns, one long article, or a paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    #[default]
    Digest,
    SingleArticle,
    Paper,
}

impl Kind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Digest => "digest",
            Kind::SingleArticle => "single-article",
            Kind::Paper => "paper",
        }
    }
}

/// A column (栏目) of a bulletin and its sub-columns, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subsections: Vec<String>,
}

/// What a paper carries besides its body: abstract, keywords, DOI, the English front page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PaperMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "abstract")]
    pub abstract_text: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors_en: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abstract_en: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords_en: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub author_notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
}

impl PaperMeta {
    pub fn is_empty(&self) -> bool {
        self == &PaperMeta::default()
    }
}

/// One issue of a digest (or a single article or paper), with its articles in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bulletin {
    /// The folder name under `content/bulletins/`, and the URL segment.
    pub slug: String,
    pub title: String,
    pub kind: Kind,
    pub series: Option<String>,
    pub issue: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<PartialDate>,
    pub date_evidence: Option<String>,
    /// The raw file this bulletin was imported from, relative to the project.
    pub source: Option<String>,
    pub sections: Vec<Section>,
    pub paper: Option<PaperMeta>,
    /// Earlier URLs of the issue page (`/bulletins/2021-04-digest-2/`): each gets a page that
    /// redirects to the issue, so links to where it was keep working.
    pub aliases: Vec<String>,
    /// Markdown after the front matter of `index.md`.
    pub intro: String,
    pub articles: Vec<Article>,
    /// The document (PDF, Word, web page) the bulletin was imported from, kept in its
    /// folder as `original.<ext>` and offered for download on the issue page.
    pub original: Option<Original>,
}

/// A bulletin's original document: its file name in the bulletin folder, its size, and
/// where it is on disk (for the build to publish it beside the issue page).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Original {
    pub file: String,
    pub bytes: u64,
    pub path: std::path::PathBuf,
}

impl Original {
    /// The format as readers know it, from the extension: "PDF", "Word", "HTML".
    pub fn format(&self) -> &'static str {
        match self.file.rsplit('.').next() {
            Some("pdf") => "PDF",
            Some("docx") => "Word",
            _ => "HTML",
        }
    }

    /// The size as a reader reads it: `820 KB`, `1.4 MB`.
    pub fn size(&self) -> String {
        match self.bytes {
            n if n < 1_000_000 => format!("{} KB", n.div_ceil(1000)),
            n => format!("{:.1} MB", n as f64 / 1e6),
        }
    }
}

/// One article: its place in the bulletin, its credits and its Markdown body.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Article {
    /// The URL segment, unique within the bulletin.
    pub slug: String,
    pub title: String,
    pub section: Option<String>,
    pub subsection: Option<String>,
    pub sources: Vec<String>,
    /// A named source without a URL (来源：中国质量新闻网).
    pub source_name: Option<String>,
    pub authors: Vec<String>,
    pub summary: Option<String>,
    /// Overrides of the automatic tags; `None` means "derive them".
    pub topics: Option<Vec<String>>,
    pub regions: Option<Vec<String>>,
    /// Editor's changes to the automatic events (front matter `events`).
    pub events: Vec<EventEdit>,
    pub draft: bool,
    /// Earlier URLs of the article (front matter `aliases`): each redirects to it.
    pub aliases: Vec<String>,
    /// CommonMark with GFM tables and footnotes.
    pub body: String,
}

/// An editor's change to the events found in an article's text (front matter `events`).
///
/// ```toml
/// events = [
///   { date = "2021-06-08", text = "美国参议院通过《2021 年美国创新与竞争法案》" },
///   { suppress = "3月23日" },
///   { suppress = "6 月 23 日", text = "获批准" },
/// ]
/// ```
///
/// The first adds an event (anchored on the sentence containing `text`, when the body has
/// it); the second drops every automatic event whose date is written so (white space
/// ignored; `2020-03-23` names the resolved date instead); the third drops them only in
/// sentences containing `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "EventEditToml", into = "EventEditToml")]
pub enum EventEdit {
    /// An event the text does not state with a date, or states in a way gazette misreads.
    Add { date: PartialDate, text: String },
    /// Automatic events to drop: by the date as written (or `YYYY-MM-DD`), optionally
    /// only in sentences containing `within`.
    Suppress {
        date: String,
        within: Option<String>,
    },
}

/// The TOML shape of [`EventEdit`]: one table, validated into the enum.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventEditToml {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    suppress: Option<String>,
}

impl TryFrom<EventEditToml> for EventEdit {
    type Error = String;

    fn try_from(t: EventEditToml) -> Result<Self, String> {
        let nonempty = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        match (t.date, nonempty(&t.text), nonempty(&t.suppress)) {
            (Some(date), Some(text), None) => Ok(EventEdit::Add { date, text }),
            (None, within, Some(date)) => Ok(EventEdit::Suppress { date, within }),
            _ => {
                let mut fields = Vec::new();
                if let Some(d) = t.date {
                    fields.push(format!("date = \"{d}\""));
                }
                if let Some(x) = &t.text {
                    fields.push(format!("text = {x:?}"));
                }
                if let Some(x) = &t.suppress {
                    fields.push(format!("suppress = {x:?}"));
                }
                Err(format!(
                    "the `events` entry {{ {} }} should either add an event, \
                     {{ date = \"2021-06-08\", text = \"…\" }}, or suppress one, \
                     {{ suppress = \"6月8日\" }} (optionally with text = \"…\" naming its sentence)",
                    fields.join(", ")
                ))
            }
        }
    }
}

impl From<EventEdit> for EventEditToml {
    fn from(e: EventEdit) -> Self {
        match e {
            EventEdit::Add { date, text } => EventEditToml {
                date: Some(date),
                text: Some(text),
                suppress: None,
            },
            EventEdit::Suppress { date, within } => EventEditToml {
                date: None,
                text: within,
                suppress: Some(date),
            },
        }
    }
}
