//! The special cases of the English tokenizer: strings that are split in a
//! fixed way (or kept whole) instead of by the affix rules. They follow the
//! cases spaCy's English defaults give, so that a span on Spanwright's token
//! edges is on spaCy's: contractions ("don't" is "do" + "n't"), pronoun
//! clitics, abbreviations with their full stop ("Mr.", "e.g."), times
//! ("5pm"), emoticons. Every case with a straight apostrophe also exists
//! with a typographic one.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Each special string and the pieces it is split into.
pub(super) static EXCEPTIONS: LazyLock<HashMap<String, Vec<String>>> = LazyLock::new(build);

pub(super) fn split(word: &str) -> Option<&'static [String]> {
    EXCEPTIONS.get(word).map(Vec::as_slice)
}

pub(super) fn is_special(word: &str) -> bool {
    EXCEPTIONS.contains_key(word)
}

/// Kept whole although affix rules would split them.
const WHOLE: &[&str] = &[
    " ",
    "\t",
    "\\t",
    "\n",
    "\\n",
    "\u{2014}",
    "\u{a0}",
    "'",
    "\\\")",
    "<space>",
    "''",
    "C++",
    "ä.",
    "ö.",
    "ü.",
    // Abbreviations.
    "'d",
    "a.m.",
    "Adm.",
    "Bros.",
    "co.",
    "Co.",
    "Corp.",
    "D.C.",
    "Dr.",
    "e.g.",
    "E.g.",
    "E.G.",
    "Gen.",
    "Gov.",
    "i.e.",
    "I.e.",
    "I.E.",
    "Inc.",
    "Jr.",
    "Ltd.",
    "Md.",
    "Messrs.",
    "Mo.",
    "Mont.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "p.m.",
    "Ph.D.",
    "Prof.",
    "Rep.",
    "Rev.",
    "Sen.",
    "St.",
    "vs.",
    "v.s.",
    "Mt.",
    "Ak.",
    "Ala.",
    "Apr.",
    "Ariz.",
    "Ark.",
    "Aug.",
    "Calif.",
    "Colo.",
    "Conn.",
    "Dec.",
    "Del.",
    "Feb.",
    "Fla.",
    "Ga.",
    "Ia.",
    "Id.",
    "Ill.",
    "Ind.",
    "Jan.",
    "Jul.",
    "Jun.",
    "Kan.",
    "Kans.",
    "Ky.",
    "La.",
    "Mar.",
    "Mass.",
    "Mich.",
    "Minn.",
    "Miss.",
    "N.C.",
    "N.D.",
    "N.H.",
    "N.J.",
    "N.M.",
    "N.Y.",
    "Neb.",
    "Nebr.",
    "Nev.",
    "Nov.",
    "Oct.",
    "Okla.",
    "Ore.",
    "Pa.",
    "S.C.",
    "Sep.",
    "Sept.",
    "Tenn.",
    "Va.",
    "Wash.",
    "Wis.",
    // Clitics and informal words that stand alone.
    "'S",
    "'s",
    "\u{2018}S",
    "\u{2018}s",
    "and/or",
    "w/o",
    "'re",
    "'Cause",
    "'cause",
    "'cos",
    "'Cos",
    "'coz",
    "'Coz",
    "'cuz",
    "'Cuz",
    "'bout",
    "ma'am",
    "Ma'am",
    "o'clock",
    "O'clock",
    "lovin'",
    "Lovin'",
    "lovin",
    "Lovin",
    "havin'",
    "Havin'",
    "havin",
    "Havin",
    "doin'",
    "Doin'",
    "doin",
    "Doin",
    "goin'",
    "Goin'",
    "goin",
    "Goin",
    "'em",
    "em",
    "'ll",
    "ll",
    "'nuff",
    "nuff",
];

/// Emoticons, kept whole.
const EMOTICONS: &str = r#":) :-) :)) :-)) :))) :-))) (: (-: =) (= :] :-] [: [-: [= =] :o) (o: :} :-} 8) 8-)
(-8 ;) ;-) (; (-; :( :-( :(( :-(( :((( :-((( ): )-: =( >:( :') :'-) :'( :'-( :/ :-/ =/ =| :| :-| ]= =[ :1
:P :-P :p :-p :O :-O :o :-o :0 :-0 :() >:o :* :-* :3 :-3 =3 :> :-> :X :-X :x :-x :D :-D ;D ;-D =D xD XD
xDD XDD 8D 8-D ^_^ ^__^ ^___^ >.< >.> <.< ._. ;_; -_- -__- v.v V.V v_v V_V o_o o_O O_o O_O 0_o o_0 0_0
o.O O.o O.O o.o 0.0 o.0 0.o @_@ <3 <33 <333 </3 (^_^) (-_-) (._.) (>_<) (*_*) (¬_¬) ಠ_ಠ ಠ︵ಠ (ಠ_ಠ)
¯\(ツ)/¯ (╯°□°）╯︵┻━┻ ><(((*>"#;

/// Words that look like a pronoun and a clitic but are words of their own.
const NOT_SPLIT: &[&str] = &[
    "Ill", "ill", "Its", "its", "Hell", "hell", "Shell", "shell", "Shed", "shed", "were", "Were", "Well", "well",
    "Whore", "whore",
];

fn build() -> HashMap<String, Vec<String>> {
    let mut cases: HashMap<String, Vec<String>> = HashMap::new();
    let mut add = |pieces: &[&str]| {
        cases.insert(pieces.concat(), pieces.iter().map(|p| (*p).to_owned()).collect());
    };
    for word in WHOLE.iter().copied().chain(EMOTICONS.split_whitespace()) {
        add(&[word]);
    }
    for letter in 'a'..='z' {
        add(&[&format!("{letter}.")]);
    }
    for unit in ["c", "f", "k", "C", "F", "K"] {
        add(&["°", unit, "."]);
    }
    let cased = |word: &str| [word.to_owned(), title(word)];
    for i in cased("i") {
        add(&[&i, "'m"]);
        add(&[&i, "m"]);
        add(&[&i, "'m", "a"]);
        add(&[&i, "m", "a"]);
    }
    for pron in ["i", "you", "he", "she", "it", "we", "they"] {
        for p in cased(pron) {
            will_and_would(&mut add, &p);
        }
    }
    for pron in ["i", "you", "we", "they"] {
        for p in cased(pron) {
            add(&[&p, "'ve"]);
            add(&[&p, "ve"]);
        }
    }
    for pron in ["you", "we", "they"] {
        for p in cased(pron) {
            add(&[&p, "'re"]);
            add(&[&p, "re"]);
        }
    }
    for pron in ["he", "she", "it"] {
        for p in cased(pron) {
            add(&[&p, "'s"]);
            add(&[&p, "s"]);
        }
    }
    let singular = ["that", "this"];
    let plural = ["these", "those"];
    for word in [
        "who", "what", "when", "where", "why", "how", "there", "that", "this", "these", "those",
    ] {
        for w in cased(word) {
            if !plural.contains(&word) {
                add(&[&w, "'s"]);
                add(&[&w, "s"]);
            }
            add(&[&w, "'ll"]);
            add(&[&w, "ll"]);
            add(&[&w, "'ll", "'ve"]);
            add(&[&w, "ll", "ve"]);
            if !singular.contains(&word) {
                add(&[&w, "'re"]);
                add(&[&w, "re"]);
                add(&[&w, "'ve"]);
                add(&[&w, "ve"]);
            }
            add(&[&w, "'d"]);
            add(&[&w, "d"]);
            add(&[&w, "'d", "'ve"]);
            add(&[&w, "d", "ve"]);
        }
    }
    for verb in [
        "ca", "could", "do", "does", "did", "had", "may", "might", "must", "need", "ought", "sha", "should", "wo",
        "would",
    ] {
        for v in cased(verb) {
            add(&[&v, "n't"]);
            add(&[&v, "nt"]);
            add(&[&v, "n't", "'ve"]);
            add(&[&v, "nt", "ve"]);
        }
    }
    for verb in ["could", "might", "must", "should", "would"] {
        for v in cased(verb) {
            add(&[&v, "'ve"]);
            add(&[&v, "ve"]);
        }
    }
    for verb in ["ai", "are", "is", "was", "were", "have", "has", "dare"] {
        for v in cased(verb) {
            add(&[&v, "n't"]);
            add(&[&v, "nt"]);
        }
    }
    for word in ["doin", "goin", "nothin", "nuthin", "ol", "somethin"] {
        for w in cased(word) {
            add(&[&w]);
            add(&[&format!("{w}'")]);
        }
    }
    for hour in 1..=12 {
        let hour = hour.to_string();
        for period in ["a.m.", "am", "p.m.", "pm"] {
            add(&[&hour, period]);
        }
    }
    for pieces in [
        &["y'", "all"][..],
        &["y", "all"],
        &["how", "'d", "'y"],
        &["How", "'d", "'y"],
        &["not", "'ve"],
        &["not", "ve"],
        &["Not", "'ve"],
        &["Not", "ve"],
        &["can", "not"],
        &["Can", "not"],
        &["gon", "na"],
        &["Gon", "na"],
        &["got", "ta"],
        &["Got", "ta"],
        &["let", "'s"],
        &["Let", "'s"],
        &["c'm", "on"],
        &["C'm", "on"],
    ] {
        add(pieces);
    }
    for word in NOT_SPLIT {
        cases.remove(*word);
    }
    let typographic: Vec<(String, Vec<String>)> = cases
        .iter()
        .filter(|(word, _)| word.contains('\''))
        .map(|(word, pieces)| {
            (
                word.replace('\'', "\u{2019}"),
                pieces.iter().map(|p| p.replace('\'', "\u{2019}")).collect(),
            )
        })
        .collect();
    cases.extend(typographic);
    cases
}

fn will_and_would(add: &mut impl FnMut(&[&str]), pron: &str) {
    add(&[pron, "'ll"]);
    add(&[pron, "ll"]);
    add(&[pron, "'ll", "'ve"]);
    add(&[pron, "ll", "ve"]);
    add(&[pron, "'d"]);
    add(&[pron, "d"]);
    add(&[pron, "'d", "'ve"]);
    add(&[pron, "d", "ve"]);
}

fn title(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
