//! The interchange formats by name, and what each can do.

/// A file format Spanwright exports to and (except CoNLL) imports from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// One JSON document per line, code-point offsets; holds everything.
    Jsonl,
    /// doccano's JSONL for sequence labelling with relations; UTF-16 offsets.
    Doccano,
    /// Label Studio tasks with their labelling config; code-point offsets.
    LabelStudio,
    /// brat standoff: a `.txt` and an `.ann` per document.
    Brat,
    /// One token per line with BIO or BILOU tags; export only.
    Conll,
}

impl Format {
    pub const ALL: [Self; 5] = [Self::Jsonl, Self::Doccano, Self::LabelStudio, Self::Brat, Self::Conll];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Jsonl => "jsonl",
            Self::Doccano => "doccano",
            Self::LabelStudio => "label-studio",
            Self::Brat => "brat",
            Self::Conll => "conll",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn can_import(self) -> bool {
        self != Self::Conll
    }

    /// brat writes a folder; every other format writes one file.
    pub fn writes_folder(self) -> bool {
        self == Self::Brat
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// How CoNLL export tags the tokens of an entity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TagScheme {
    /// `B-` on the first token, `I-` on the rest.
    #[default]
    Bio,
    /// `U-` on a one-token entity; else `B-`, `I-`… and `L-` on the last.
    Bilou,
}

impl TagScheme {
    pub fn name(self) -> &'static str {
        match self {
            Self::Bio => "bio",
            Self::Bilou => "bilou",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [Self::Bio, Self::Bilou].into_iter().find(|s| s.name() == name)
    }
}
