//! The spreadsheet format of activities (import, export, template): one row
//! per activity, one column per field. The column set is documented and
//! stable; each column has a Japanese header (what the export writes) and an
//! English alias that is also accepted on import. Column order does not
//! matter on import, and unknown columns are ignored (so a sheet may carry
//! its own memo columns).
//!
//! | 見出し | alias | 内容 |
//! |---|---|---|
//! | 管理番号 | external_id | the city's id, e.g. `MID-0001`; rows are matched by it (required) |
//! | 活動名 | name | required |
//! | よみがな | kana | hiragana / katakana |
//! | 紹介文 | description | several lines allowed |
//! | 主催団体 | organisation | organisation id (slug) or name |
//! | 分類 | categories | category ids separated by `,` or `;` (required) |
//! | 対象 | targets | everyone, seniors, parents, children, youth, adults, disabilities, carers |
//! | 参加費 | cost_yen | yen, 0 = free |
//! | 参加費の補足 | cost_note | |
//! | 定員 | capacity | |
//! | 初心者歓迎 … オンライン | beginners_welcome, drop_in, barrier_free, accessible_toilet, parking, online | 1/0, はい/いいえ, ○/×, true/false, yes/no; blank = no |
//! | アクセス | access_note | |
//! | 電話 / メール / URL | phone / email / url | |
//! | 写真 | photos | photo URLs, one per line or separated by spaces |
//! | 状態 | status | active/paused/ended or 活動中/休止中/終了; blank = active |
//! | 最終確認日 | last_verified | YYYY-MM-DD or YYYY/MM/DD |
//! | 場所の名前 | location_name | required |
//! | 住所 | address | |
//! | 地区 | district | district id (slug) or Japanese name |
//! | 緯度 / 経度 | latitude / longitude | decimal degrees, both or neither |
//! | 日程 | schedules | compact schedules (`weekly:MO,TH 10:00-11:30`, `毎週火・金 10:00〜12:00`), one per line or separated by `\|` (required) |
//!
//! A row replaces the whole activity: a blank (or missing) optional column
//! clears that field.
use crate::activities::model::{ActivityForm, ActivityStatus};
use crate::validation::{FieldError, Problem};

/// One column: Japanese header, English alias, and the [`ActivityForm`]
/// field (also the `field` of a [`FieldError`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub ja: &'static str,
    pub en: &'static str,
}

macro_rules! columns {
    ($($ja:literal = $en:literal),+ $(,)?) => {
        /// Every column, in the order the export and the template write them.
        pub const COLUMNS: &[Column] = &[$(Column { ja: $ja, en: $en }),+];
    };
}

columns!(
    "管理番号" = "external_id",
    "活動名" = "name",
    "よみがな" = "kana",
    "紹介文" = "description",
    "主催団体" = "organisation",
    "分類" = "categories",
    "対象" = "targets",
    "参加費" = "cost_yen",
    "参加費の補足" = "cost_note",
    "定員" = "capacity",
    "初心者歓迎" = "beginners_welcome",
    "見学・途中参加OK" = "drop_in",
    "バリアフリー" = "barrier_free",
    "多目的トイレ" = "accessible_toilet",
    "駐車場" = "parking",
    "オンライン" = "online",
    "アクセス" = "access_note",
    "電話" = "phone",
    "メール" = "email",
    "URL" = "url",
    "写真" = "photos",
    "状態" = "status",
    "最終確認日" = "last_verified",
    "場所の名前" = "location_name",
    "住所" = "address",
    "地区" = "district",
    "緯度" = "latitude",
    "経度" = "longitude",
    "日程" = "schedules",
);

/// Columns a file must have (by Japanese header).
pub const REQUIRED: &[&str] = &["管理番号", "活動名", "場所の名前", "分類", "日程"];

/// The template: the header row and one example row (CSV, UTF-8 with BOM,
/// CRLF line ends, as Excel opens it).
pub const TEMPLATE: &str = "\u{FEFF}管理番号,活動名,よみがな,紹介文,主催団体,分類,対象,参加費,参加費の補足,定員,初心者歓迎,見学・途中参加OK,バリアフリー,多目的トイレ,駐車場,オンライン,アクセス,電話,メール,URL,写真,状態,最終確認日,場所の名前,住所,地区,緯度,経度,日程\r\n\
MID-9001,朝のラジオ体操の会,あさのらじおたいそうのかい,\"毎朝公園で体をほぐします。\n雨の日はお休みです。\",,exercise,\"everyone,seniors\",0,,,1,1,0,0,0,0,北山駅から徒歩5分,0790-00-0000,,,,active,2026-04-01,北山公園,みどり野市北山1-1,kitayama,35.34,134.84,\"weekly:MO,TU,WE,TH,FR,SA 06:30-07:00 nohol\"\r\n";

/// Column headers of the template / export, in order.
pub fn headers() -> Vec<&'static str> {
    COLUMNS.iter().map(|c| c.ja).collect()
}

/// The Japanese header of a form field (`""` when the field is not a column).
pub fn header_of(field: &str) -> &'static str {
    COLUMNS.iter().find(|c| c.en == field).map(|c| c.ja).unwrap_or("")
}

fn fold(s: &str) -> String {
    s.trim()
        .trim_start_matches('\u{FEFF}')
        .chars()
        .map(crate::validation::text_half_width)
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '・' | '･'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The column a header cell names (Japanese header or English alias; width,
/// case, spaces, `_`/`-` and `・` do not matter).
pub fn column_for_header(header: &str) -> Option<&'static Column> {
    let h = fold(header);
    if h.is_empty() {
        return None;
    }
    COLUMNS.iter().find(|c| fold(c.ja) == h || fold(c.en) == h)
}

/// Reads a yes/no cell: 1/0, はい/いいえ, ○/×, true/false, yes/no; blank is no.
pub fn parse_bool(cell: &str) -> Result<bool, Problem> {
    let t: String = cell.trim().chars().map(crate::validation::text_half_width).flat_map(char::to_lowercase).collect();
    match t.as_str() {
        "" | "0" | "いいえ" | "×" | "✕" | "x" | "false" | "no" | "n" | "なし" | "無" | "-" => Ok(false),
        "1" | "はい" | "○" | "〇" | "◯" | "o" | "true" | "yes" | "y" | "あり" | "有" => Ok(true),
        _ => Err(Problem::Unknown(cell.trim().to_string())),
    }
}

/// Status cell to the form's status value (`active`, …); Japanese labels too.
pub fn canonical_status(cell: &str) -> String {
    let t = cell.trim();
    match t {
        "活動中" => ActivityStatus::Active.as_str().into(),
        "休止中" | "休止" => ActivityStatus::Paused.as_str().into(),
        "終了" => ActivityStatus::Ended.as_str().into(),
        _ => t.to_ascii_lowercase(),
    }
}

/// Which cell holds which column: built once from the header row.
#[derive(Debug, Clone, Default)]
pub struct HeaderMap {
    /// Index into `COLUMNS` → index of the cell in a row.
    cells: Vec<Option<usize>>,
}

impl HeaderMap {
    /// Map the header row. `Err` lists what is wrong with it: missing
    /// required columns, or a column given twice (as `FieldError`s whose
    /// `field` is the Japanese header).
    pub fn new(header: &[String]) -> Result<HeaderMap, Vec<FieldError>> {
        let mut cells = vec![None; COLUMNS.len()];
        let mut errors = Vec::new();
        for (i, h) in header.iter().enumerate() {
            if let Some(col) = column_for_header(h) {
                let k = COLUMNS.iter().position(|c| c == col).unwrap_or(0);
                if cells[k].is_some() {
                    errors.push(FieldError::new(col.ja, Problem::Duplicate(h.trim().to_string())));
                } else {
                    cells[k] = Some(i);
                }
            }
        }
        for req in REQUIRED {
            let k = COLUMNS.iter().position(|c| c.ja == *req).unwrap_or(0);
            if cells[k].is_none() {
                errors.push(FieldError::new(*req, Problem::Required));
            }
        }
        if errors.is_empty() {
            Ok(HeaderMap { cells })
        } else {
            Err(errors)
        }
    }

    fn cell<'a>(&self, row: &'a [String], field: &str) -> &'a str {
        COLUMNS
            .iter()
            .position(|c| c.en == field)
            .and_then(|k| self.cells[k])
            .and_then(|i| row.get(i))
            .map(|c| crate::feeds::spreadsheet::from_csv_cell(c))
            .unwrap_or("")
    }
}

/// One data row to form values. Yes/no cells that are not yes or no are
/// reported (as `FieldError`s named by the form field); everything else is
/// checked later by [`ActivityForm::parse`].
pub fn row_to_form(map: &HeaderMap, row: &[String]) -> Result<ActivityForm, Vec<FieldError>> {
    match row_to_form_lenient(map, row) {
        (form, errors) if errors.is_empty() => Ok(form),
        (_, errors) => Err(errors),
    }
}

/// Like [`row_to_form`], but always gives the form (an unreadable yes/no
/// cell reads as no) beside the problems, so later checks still run.
pub fn row_to_form_lenient(map: &HeaderMap, row: &[String]) -> (ActivityForm, Vec<FieldError>) {
    let mut errors = Vec::new();
    let s = |f: &str| map.cell(row, f).to_string();
    let mut b = |f: &str| match parse_bool(map.cell(row, f)) {
        Ok(v) => v,
        Err(p) => {
            errors.push(FieldError::new(f, p));
            false
        }
    };
    let (beginners_welcome, drop_in, barrier_free, accessible_toilet, parking, online) = (
        b("beginners_welcome"),
        b("drop_in"),
        b("barrier_free"),
        b("accessible_toilet"),
        b("parking"),
        b("online"),
    );
    let form = ActivityForm {
        external_id: s("external_id").trim().to_string(),
        name: s("name"),
        kana: s("kana"),
        description: s("description"),
        organisation: s("organisation"),
        categories: s("categories"),
        targets: s("targets"),
        cost_yen: s("cost_yen"),
        cost_note: s("cost_note"),
        capacity: s("capacity"),
        beginners_welcome,
        drop_in,
        barrier_free,
        accessible_toilet,
        parking,
        access_note: s("access_note"),
        phone: s("phone"),
        email: s("email"),
        url: s("url"),
        photos: s("photos"),
        status: canonical_status(map.cell(row, "status")),
        last_verified: s("last_verified"),
        location_name: s("location_name"),
        address: s("address"),
        district: s("district"),
        latitude: s("latitude"),
        longitude: s("longitude"),
        online,
        schedules: s("schedules"),
    };
    (form, errors)
}

/// Form values to a row in [`COLUMNS`] order (export). Yes/no as `1`/`0`;
/// several schedules or photos one per line inside the cell.
pub fn form_to_row(f: &ActivityForm) -> Vec<String> {
    let yn = |b: bool| if b { "1" } else { "0" }.to_string();
    COLUMNS
        .iter()
        .map(|c| match c.en {
            "external_id" => f.external_id.clone(),
            "name" => f.name.clone(),
            "kana" => f.kana.clone(),
            "description" => f.description.clone(),
            "organisation" => f.organisation.clone(),
            "categories" => f.categories.clone(),
            "targets" => f.targets.clone(),
            "cost_yen" => f.cost_yen.clone(),
            "cost_note" => f.cost_note.clone(),
            "capacity" => f.capacity.clone(),
            "beginners_welcome" => yn(f.beginners_welcome),
            "drop_in" => yn(f.drop_in),
            "barrier_free" => yn(f.barrier_free),
            "accessible_toilet" => yn(f.accessible_toilet),
            "parking" => yn(f.parking),
            "online" => yn(f.online),
            "access_note" => f.access_note.clone(),
            "phone" => f.phone.clone(),
            "email" => f.email.clone(),
            "url" => f.url.clone(),
            "photos" => f.photos.clone(),
            "status" => f.status.clone(),
            "last_verified" => f.last_verified.clone(),
            "location_name" => f.location_name.clone(),
            "address" => f.address.clone(),
            "district" => f.district.clone(),
            "latitude" => f.latitude.clone(),
            "longitude" => f.longitude.clone(),
            "schedules" => f.schedules.clone(),
            _ => String::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Vec<String> {
        headers().into_iter().map(String::from).collect()
    }

    #[test]
    fn every_form_field_has_a_column() {
        let v = serde_json::to_value(ActivityForm::default()).unwrap();
        let fields: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(fields.len(), COLUMNS.len());
        for f in fields {
            assert!(COLUMNS.iter().any(|c| c.en == f), "{f}");
        }
    }

    #[test]
    fn english_aliases_and_spacing_are_accepted() {
        assert_eq!(column_for_header(" External ID ").unwrap().ja, "管理番号");
        assert_eq!(column_for_header("\u{FEFF}管理番号").unwrap().ja, "管理番号");
        assert_eq!(column_for_header("見学途中参加ＯＫ").unwrap().ja, "見学・途中参加OK");
        assert_eq!(column_for_header("url").unwrap().ja, "URL");
        assert!(column_for_header("メモ").is_none());
    }

    #[test]
    fn missing_required_columns_are_named() {
        let h: Vec<String> = header().into_iter().filter(|h| h != "活動名" && h != "日程").collect();
        let e = HeaderMap::new(&h).unwrap_err();
        let names: Vec<_> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(names, ["活動名", "日程"]);
    }

    #[test]
    fn booleans() {
        for y in ["1", "はい", "○", "true", "TRUE", "yes", "Yes", "１"] {
            assert_eq!(parse_bool(y), Ok(true), "{y}");
        }
        for n in ["", "0", "いいえ", "×", "false", "no", " "] {
            assert_eq!(parse_bool(n), Ok(false), "{n}");
        }
        assert!(parse_bool("たぶん").is_err());
    }

    #[test]
    fn a_form_survives_the_row_round_trip() {
        let f = ActivityForm {
            external_id: "MID-1".into(),
            name: "囲碁の会".into(),
            categories: "games".into(),
            location_name: "公民館".into(),
            schedules: "weekly:TU 13:00-16:00\nmonthly:1SA 10:00-12:00".into(),
            parking: true,
            status: "paused".into(),
            ..Default::default()
        };
        let map = HeaderMap::new(&header()).unwrap();
        assert_eq!(row_to_form(&map, &form_to_row(&f)).unwrap(), f);
        let mut row = form_to_row(&f);
        row[21] = "休止中".into();
        assert_eq!(row_to_form(&map, &row).unwrap().status, "paused");
    }
}
