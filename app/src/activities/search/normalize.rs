//! Text normalisation shared by indexing and querying.
//!
//! Japanese text can spell "the same word" in many ways: full- or half-width
//! characters, katakana or hiragana, with or without a long-vowel mark, with
//! small or normal-sized kana. [`normalize`] maps all of those spellings onto
//! one canonical form so a plain substring comparison afterwards behaves like
//! a forgiving, Japanese-aware match.

use unicode_normalization::UnicodeNormalization;

/// Canonicalises `s` for keyword search. Apply it to both the indexed text
/// and the query.
///
/// Steps, in order:
///
/// 1. Unicode **NFKC**: half-width katakana become full-width (`ｶﾌｪ` → `カフェ`,
///    `ｶﾞ` → `ガ`), full-width ASCII becomes ASCII (`ＡＢＣ１` → `ABC1`),
///    ideographic spaces become ordinary spaces, `㈱` becomes `(株)`, …
/// 2. **Lowercase** (`RUN` → `run`).
/// 3. **Katakana → hiragana** (U+30A1..=U+30F6 shift down by 0x60, `ヽヾ` →
///    `ゝゞ`). `ヷ`–`ヺ`, which have no hiragana form, are kept.
/// 4. **Small kana → normal size** (`ぁぃぅぇぉっゃゅょゎゕゖ` →
///    `あいうえおつやゆよわかけ`, likewise the small katakana extension
///    `ㇰ`–`ㇿ`). So `ティ` and `てぃ` both become `てい`, `ヶ` becomes `け`.
/// 5. **Long-vowel marks are removed when they follow a kana**: `ー` and the
///    dashes/tildes people type instead of it (`-`, `‐`, `‑`, `‒`, `–`, `—`,
///    `―`, `−`, `~`, `〜`, after NFKC). A run of such marks is removed as a
///    whole. `コーヒー` and `こひ` therefore normalise to the same `こひ`.
///    This is deliberate: people drop, double or mistype the mark freely
///    (`サロン` vs `さろーん`, `ウォーキング` vs `うぉきんぐ`), and removing it is
///    what lets those spellings meet. The price is that a few distinct words
///    collide (`ビル`/`ビール`), which is harmless for a community portal's
///    keyword search. Marks *not* preceded by a kana are treated like any other
///    character (`ー` kept; a dash is punctuation, see 7).
/// 6. Voiced / semi-voiced kana stay as they are (`が` ≠ `か`), the iteration
///    marks `々`, `ゝ`, `ゞ` and kanji are unchanged.
/// 7. **Whitespace, control characters and punctuation/symbols** (ASCII
///    punctuation, `、。・「」『』【】（）` and the rest of the CJK punctuation
///    block, general punctuation such as `…※‘’“”`, arrows, geometric shapes,
///    `☆♪`, emoji) become a separator. Runs of separators collapse into a
///    single ASCII space and the result is trimmed.
///
/// ```
/// use tsunagu_app::activities::search::normalize;
///
/// assert_eq!(normalize("ｶﾌｪ"), "かふえ");
/// assert_eq!(normalize("ＡＢＣ　１２３"), "abc 123");
/// assert_eq!(normalize("コーヒー"), "こひ");
/// assert_eq!(normalize("ラジオ体操"), "らじお体操");
/// assert_eq!(normalize("「子育て」サロン！"), "子育て さろん");
/// assert_eq!(normalize("  、。 "), "");
/// ```
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // A separator seen since the last emitted character (only flushed before
    // the next real character, which trims both ends for free).
    let mut pending_space = false;
    // Whether the last emitted character is a kana (drives rule 5). A removed
    // long-vowel mark leaves it untouched so that runs (`ーー`) disappear.
    let mut after_kana = false;

    for c in s.nfkc().flat_map(char::to_lowercase) {
        let c = fold_kana(c);
        if after_kana && is_long_vowel_mark(c) {
            continue;
        }
        if is_separator(c) {
            pending_space = !out.is_empty();
            after_kana = false;
            continue;
        }
        if is_lone_voicing_mark(c) {
            // A combining (semi-)voiced mark NFKC could not attach to a kana
            // carries no searchable meaning on its own.
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
        after_kana = is_kana(c);
    }
    out
}

/// The words of a query: [`normalize`]d, split at separators, each
/// non-empty. Every word must occur (AND).
pub fn query_words(query: &str) -> Vec<String> {
    normalize(query).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// A text as query words are looked for in it: [`normalize`]d with the
/// separators dropped, so a separator in the text never breaks a match.
/// `いきいき・体操`, `いきいき 体操`, `いきいき－体操` and `いきいき体操` are
/// all found by the query `いきいき体操` (and by `いきいき 体操`, as two
/// words). Query words hold no separator, so every word found in the
/// normalised text is still found here.
///
/// ```
/// use tsunagu_app::activities::search::normalize::searchable;
/// assert_eq!(searchable("いきいき・体操"), "いきいき体操");
/// ```
pub fn searchable(text: &str) -> String {
    // normalised again once joined: a long-vowel mark that followed a
    // separator (kept then) now follows a kana (fuzzing found `ヒ ー`)
    normalize(&normalize(text).replace(' ', ""))
}

/// Several fields as one haystack for [`matches_all`]: each field
/// [`searchable`], kept apart by a character no query word holds, so a
/// word never matches across two fields.
pub fn searchable_fields(fields: &[&str]) -> String {
    fields.iter().map(|f| searchable(f)).collect::<Vec<_>>().join("\n")
}

/// Whether every query word occurs in `haystack` (made by [`searchable`]
/// or [`searchable_fields`]).
pub fn matches_all(words: &[String], haystack: &str) -> bool {
    words.iter().all(|w| haystack.contains(w.as_str()))
}

/// Katakana → hiragana, then small kana → normal size. Other characters are
/// returned unchanged.
fn fold_kana(c: char) -> char {
    let c = match c {
        // ァ..=ヶ → ぁ..=ゖ
        '\u{30A1}'..='\u{30F6}' => shift_down(c, 0x60),
        'ヽ' => 'ゝ',
        'ヾ' => 'ゞ',
        _ => c,
    };
    match c {
        'ぁ' => 'あ',
        'ぃ' => 'い',
        'ぅ' => 'う',
        'ぇ' => 'え',
        'ぉ' => 'お',
        'っ' => 'つ',
        'ゃ' => 'や',
        'ゅ' => 'ゆ',
        'ょ' => 'よ',
        'ゎ' => 'わ',
        'ゕ' => 'か',
        'ゖ' => 'け',
        // Katakana phonetic extensions (Ainu small kana).
        'ㇰ' => 'く',
        'ㇱ' => 'し',
        'ㇲ' => 'す',
        'ㇳ' => 'と',
        'ㇴ' => 'ぬ',
        'ㇵ' => 'は',
        'ㇶ' => 'ひ',
        'ㇷ' => 'ふ',
        'ㇸ' => 'へ',
        'ㇹ' => 'ほ',
        'ㇺ' => 'む',
        'ㇻ' => 'ら',
        'ㇼ' => 'り',
        'ㇽ' => 'る',
        'ㇾ' => 'れ',
        'ㇿ' => 'ろ',
        _ => c,
    }
}

/// `c - delta` for characters known to stay valid (kana block shifts).
fn shift_down(c: char, delta: u32) -> char {
    char::from_u32(u32::from(c) - delta).unwrap_or(c)
}

/// Kana after [`fold_kana`]: hiragana (including `ゝゞ`) and the few
/// katakana without a hiragana counterpart.
fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | 'ゝ' | 'ゞ' | '\u{30F7}'..='\u{30FA}')
}

/// The prolonged sound mark and the characters typed in its place, as they
/// look after NFKC (`－` → `-`, `～` → `~`, `ｰ` → `ー`).
fn is_long_vowel_mark(c: char) -> bool {
    matches!(
        c,
        'ー' | '-' | '~' | '〜' | '\u{2010}'..='\u{2015}' | '\u{2212}'
    )
}

/// Combining (semi-)voiced sound marks left alone after NFKC.
fn is_lone_voicing_mark(c: char) -> bool {
    matches!(c, '\u{3099}' | '\u{309A}')
}

/// Characters that separate words: whitespace, controls, punctuation and
/// pictographic symbols. Letters, digits, kana, kanji and the iteration /
/// ideographic marks (`々〆〇〻`) are word characters.
fn is_separator(c: char) -> bool {
    if c.is_whitespace() || c.is_control() || c.is_ascii_punctuation() {
        return true;
    }
    match c {
        // CJK symbols and punctuation, minus the marks used inside words:
        // 々 (3005) 〆 (3006) 〇 (3007), kana repeat marks 〱-〵, 〻 〼.
        '\u{3000}'..='\u{303F}' => !matches!(
            c,
            '\u{3005}'..='\u{3007}' | '\u{3031}'..='\u{3035}' | '\u{303B}' | '\u{303C}'
        ),
        // Katakana middle dot ・ (the half-width ･ becomes this under NFKC).
        '・' => true,
        // Latin-1 punctuation and symbols (¡ … ¿), × and ÷.
        '\u{00A1}'..='\u{00BF}' | '×' | '÷' => true,
        // General punctuation: dashes, quotes, bullets, …, ※, zero-width
        // characters.
        '\u{2000}'..='\u{206F}' => true,
        // Arrows, mathematical operators, technical symbols, box drawing,
        // geometric shapes (○●◎□■△▲), miscellaneous symbols (☆★♪), dingbats.
        '\u{2190}'..='\u{2BFF}' => true,
        // Variation selectors and specials.
        '\u{FE00}'..='\u{FE0F}' | '\u{FFF0}'..='\u{FFFF}' => true,
        // Emoji and pictographs.
        '\u{1F000}'..='\u{1FAFF}' => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{matches_all, normalize, query_words, searchable, searchable_fields};

    /// Issue 18, item 10: a middle dot (full or half width), a space, a
    /// hyphen or a long-vowel variant in the text or in the query does not
    /// break a match.
    #[test]
    fn separators_never_break_a_match() {
        let names = [
            "いきいき・体操",
            "いきいき･体操",
            "いきいき 体操",
            "いきいき　体操",
            "いきいき-体操",
            "いきいき－体操",
            "いきいき体操",
            "ｲｷｲｷ体操",
        ];
        let queries = ["いきいき体操", "いきいき・体操", "いきいき･体操", "いきいき 体操", "イキイキ体操", "いきいき-体操", "体操"];
        for name in names {
            for q in queries {
                assert!(matches_all(&query_words(q), &searchable(name)), "{q:?} should find {name:?}");
            }
        }
        // compounds of katakana words, with and without the dot or a long vowel
        for (name, q) in [
            ("ウォーキング・クラブ", "ウォーキングクラブ"),
            ("ウォーキングクラブ", "ウォーキング・クラブ"),
            ("ウォーキング・クラブ", "ウオキング クラブ"),
            ("カフェ・ド・みどり", "カフェドみどり"),
            ("コーヒー・サロン", "コーヒーサロン"),
            ("コーヒー・サロン", "こひさろん"),
            ("ABC-123 教室", "abc123"),
        ] {
            assert!(matches_all(&query_words(q), &searchable(name)), "{q:?} should find {name:?}");
        }
        // but a word never spans two fields
        // found by fuzzing: a long-vowel mark after a separator, then joined
        let odd = "\u{f000}コーヒ\u{1}\0\nー";
        assert_eq!(searchable(odd), "\u{f000}こひ");
        assert_eq!(searchable(&searchable(odd)), searchable(odd));
        let hay = searchable_fields(&["いきいき", "体操"]);
        assert!(!matches_all(&query_words("いきいき体操"), &hay));
        assert!(matches_all(&query_words("いきいき 体操"), &hay));
    }

    #[test]
    fn normalising_twice_changes_nothing() {
        for s in ["ｶﾌｪ・ド・ﾐﾄﾞﾘ", "コーヒー〜〜サロン", "ＡＢＣ　１２３", "「子育て」サロン！", "ヴァイオリン教室", "ー・ー", "ゔぁ\u{3099}"] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once, "{s:?}");
            assert_eq!(searchable(&searchable(s)), searchable(s), "{s:?}");
        }
    }

    /// The examples in `normalize`'s documentation (doctests are off: each
    /// would link the whole app).
    #[test]
    fn the_documented_examples_hold() {
        assert_eq!(normalize("ｶﾌｪ"), "かふえ");
        assert_eq!(normalize("ＡＢＣ　１２３"), "abc 123");
        assert_eq!(normalize("コーヒー"), "こひ");
        assert_eq!(normalize("ラジオ体操"), "らじお体操");
        assert_eq!(normalize("「子育て」サロン！"), "子育て さろん");
        assert_eq!(normalize("  、。 "), "");
    }

    #[test]
    fn half_width_katakana_becomes_hiragana() {
        assert_eq!(normalize("ｶﾌｪ"), "かふえ");
        assert_eq!(normalize("カフェ"), "かふえ");
        assert_eq!(normalize("ｶﾞｯｺｳ"), "がつこう");
        assert_eq!(normalize("ｻﾛﾝ"), normalize("サロン"));
    }

    #[test]
    fn full_width_ascii_and_digits() {
        assert_eq!(normalize("ＡＢＣ"), "abc");
        assert_eq!(normalize("ＲＵＮ"), "run");
        assert_eq!(normalize("１２３"), "123");
        assert_eq!(normalize("Ｙｏｇａ　ＣＬＡＳＳ"), "yoga class");
    }

    #[test]
    fn katakana_to_hiragana() {
        assert_eq!(normalize("ラジオ体操"), "らじお体操");
        assert_eq!(normalize("ヴァイオリン"), "ゔあいおりん");
        assert_eq!(normalize("ヽヾ"), "ゝゞ");
        // No hiragana counterpart: kept as katakana.
        assert_eq!(normalize("ヷ"), "ヷ");
    }

    #[test]
    fn small_kana_become_normal_size() {
        assert_eq!(
            normalize("ぁぃぅぇぉっゃゅょゎゕゖ"),
            "あいうえおつやゆよわかけ"
        );
        assert_eq!(normalize("ボランティア"), "ぼらんていあ");
        assert_eq!(normalize("ボランティア"), normalize("ぼらんてぃあ"));
        assert_eq!(normalize("桜ヶ丘"), "桜け丘");
        assert_eq!(normalize("ㇰ"), "く");
    }

    #[test]
    fn long_vowel_marks_after_kana_are_removed() {
        assert_eq!(normalize("コーヒー"), "こひ");
        assert_eq!(normalize("こーひー"), "こひ");
        assert_eq!(normalize("ｺｰﾋｰ"), "こひ");
        assert_eq!(normalize("サロン"), normalize("さろーん"));
        assert_eq!(normalize("ウォーキング"), "うおきんぐ");
        // Variants typed instead of ー (full-width hyphen-minus, tilde, dashes).
        for variant in [
            "こ－ひ",
            "こ～ひ",
            "こ〜ひ",
            "こ‐ひ",
            "こ―ひ",
            "こ-ひ",
            "こ—ひ",
            "こ−ひ",
        ] {
            assert_eq!(normalize(variant), "こひ", "{variant}");
        }
        // A run of marks goes as a whole.
        assert_eq!(normalize("すごーーーい"), "すごい");
    }

    #[test]
    fn marks_not_after_kana_are_kept_or_separate() {
        // ー after a kanji or at the start is an ordinary character.
        assert_eq!(normalize("ー"), "ー");
        assert_eq!(normalize("体ー"), "体ー");
        // A dash between latin letters or digits is punctuation.
        assert_eq!(normalize("e-mail"), "e mail");
        assert_eq!(normalize("10〜12時"), "10 12時");
    }

    #[test]
    fn voiced_marks_iteration_marks_and_kanji_are_kept() {
        assert_eq!(normalize("が"), "が");
        assert_eq!(normalize("ガ"), "が");
        assert_eq!(normalize("パ"), "ぱ");
        assert_eq!(normalize("体操"), "体操");
        assert_eq!(normalize("人々"), "人々");
        assert_eq!(normalize("囲碁"), "囲碁");
        assert_eq!(normalize("〆切"), "〆切");
    }

    #[test]
    fn lone_voicing_marks_are_dropped() {
        // ゛ decomposes (NFKC) to a space plus a combining mark.
        assert_eq!(normalize("か゛"), "か");
    }

    #[test]
    fn mixed_widths() {
        assert_eq!(normalize("ﾗｼﾞｵ体操ｸﾗﾌﾞ２０２４"), "らじお体操くらぶ2024");
        assert_eq!(normalize("Ｔｓｕｎａｇｕカフェ"), "tsunaguかふえ");
        assert_eq!(normalize("ｗｅｂ　ｻﾛﾝ"), "web さろん");
    }

    #[test]
    fn punctuation_collapses_to_single_space() {
        assert_eq!(normalize("体操、中央。"), "体操 中央");
        assert_eq!(normalize("「子育て」（サロン）"), "子育て さろん");
        assert_eq!(normalize("囲碁・将棋"), "囲碁 将棋");
        assert_eq!(normalize("hello,world!?"), "hello world");
        assert_eq!(normalize("a . b"), "a b");
        assert_eq!(normalize("☆ヨガ♪教室★"), "よが 教室");
        assert_eq!(normalize("【募集】体操…参加者"), "募集 体操 参加者");
        assert_eq!(normalize("㈱つなぐ"), "株 つなぐ");
    }

    #[test]
    fn whitespace_is_collapsed_and_trimmed() {
        assert_eq!(normalize("  体操 \t\n 中央　　"), "体操 中央");
        assert_eq!(normalize("\u{3000}囲碁\u{3000}"), "囲碁");
    }

    #[test]
    fn empty_and_blank_inputs() {
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("   "), "");
        assert_eq!(normalize("、。・！？"), "");
    }

    #[test]
    fn idempotent() {
        for s in [
            "ｶﾌｪ・ＲＵＮ　コーヒー",
            "ボランティア募集！",
            "体操、中央。",
            "すごーーーい",
            "ー体ー",
        ] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once, "{s}");
        }
    }
}
