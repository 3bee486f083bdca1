//! Reads a DOCX back for the tests: the XML parts, and the paragraphs with their style and text.

use std::collections::HashMap;
use std::io::Read;

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

pub struct Docx {
    pub parts: HashMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct Para {
    pub style: Option<String>,
    pub text: String,
}

impl Docx {
    pub fn read(path: &std::path::Path) -> Docx {
        let file = std::fs::File::open(path).unwrap();
        let mut zip = zip::ZipArchive::new(file)
            .unwrap_or_else(|e| panic!("{}: not a zip: {e}", path.display()));
        let mut parts = HashMap::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            if entry.is_dir() {
                continue;
            }
            let mut s = String::new();
            if entry.read_to_string(&mut s).is_ok() {
                parts.insert(entry.name().to_string(), s);
            }
        }
        Docx { parts }
    }

    pub fn part(&self, name: &str) -> &str {
        self.parts
            .get(name)
            .unwrap_or_else(|| panic!("no part {name}"))
    }

    /// Every paragraph of the body, tables included, in document order.
    pub fn paragraphs(&self) -> Vec<Para> {
        paragraphs_of(self.part("word/document.xml"))
    }

    /// The body text without whitespace.
    pub fn text(&self) -> String {
        self.paragraphs()
            .iter()
            .map(|p| p.text.as_str())
            .collect::<String>()
            .split_whitespace()
            .collect()
    }
}

pub fn paragraphs_of(xml: &str) -> Vec<Para> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    paragraphs_of_node(&doc.root())
}

/// Every paragraph under `node`, in document order.
pub fn paragraphs_of_node(node: &roxmltree::Node) -> Vec<Para> {
    node.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            let style = p
                .descendants()
                .find(|n| n.has_tag_name((W, "pStyle")))
                .and_then(|n| n.attribute((W, "val")))
                .map(str::to_string);
            let text = p
                .descendants()
                .filter(|n| n.has_tag_name((W, "t")))
                .filter_map(|n| n.text())
                .collect();
            Para { style, text }
        })
        .collect()
}

/// The attribute `attr` of the first element `tag` in `xml`.
pub fn attr(xml: &str, tag: &str, attr: &str) -> Option<String> {
    let doc = roxmltree::Document::parse(xml).ok()?;
    doc.descendants()
        .find(|n| n.has_tag_name((W, tag)))
        .and_then(|n| n.attribute((W, attr)))
        .map(str::to_string)
}

/// The children of each WordprocessingML property element in the order of their sequence in
/// the ECMA-376 schema (Part 1: CT_PPr, CT_RPr, CT_TblPr, CT_TcPr, CT_SectPr, CT_Style,
/// CT_Settings, …). Names on one line share a place (a choice, or a repeated group).
const SEQUENCES: &[(&str, &[&str])] = &[
    ("pPr", &["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
        "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku",
        "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
        "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
        "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
        "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]),
    ("rPr", &["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
        "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
        "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u",
        "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
        "eastAsianLayout", "specVanish", "oMath"]),
    ("tblPr", &["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
        "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
        "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"]),
    ("tcPr", &["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
        "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"]),
    ("sectPr", &["headerReference footerReference", "footnotePr", "endnotePr", "type", "pgSz",
        "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
        "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
        "printerSettings", "sectPrChange"]),
    ("style", &["name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden",
        "uiPriority", "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal",
        "personalCompose", "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr",
        "tblStylePr"]),
    ("styles", &["docDefaults", "latentStyles", "style"]),
    ("docDefaults", &["rPrDefault", "pPrDefault"]),
    ("pBdr", &["top", "left", "bottom", "right", "between", "bar"]),
    ("tblBorders", &["top", "left start", "bottom", "right end", "insideH", "insideV"]),
    ("tblCellMar", &["top", "left start", "bottom", "right end"]),
    ("tbl", &["tblPr", "tblGrid", "tr"]),
    ("tr", &["tblPrEx", "trPr", "tc"]),
    ("tc", &["tcPr", "p tbl"]),
    ("trPr", &["cantSplit trHeight tblHeader jc hidden gridBefore gridAfter"]),
    ("p", &["pPr", "r hyperlink bookmarkStart bookmarkEnd"]),
    ("r", &["rPr", "t br fldChar instrText drawing tab"]),
    ("settings", &["writeProtection", "view", "zoom", "removePersonalInformation",
        "removeDateAndTime", "doNotDisplayPageBoundaries", "displayBackgroundShape",
        "printPostScriptOverText", "printFractionalCharacterWidth", "printFormsData",
        "embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts", "saveFormsData",
        "mirrorMargins", "alignBordersAndEdges", "bordersDoNotSurroundHeader",
        "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
        "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign",
        "attachedTemplate", "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod",
        "documentType", "mailMerge", "revisionView", "trackRevisions", "doNotTrackMoves",
        "doNotTrackFormatting", "documentProtection", "autoFormatOverride", "styleLockTheme",
        "styleLockQFSet", "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit",
        "hyphenationZone", "doNotHyphenateCaps", "showEnvelope", "summaryLength",
        "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting",
        "bookFold", "bookFoldPrintingSheets", "drawingGridHorizontalSpacing",
        "drawingGridVerticalSpacing", "displayHorizontalDrawingGridEvery",
        "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
        "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData",
        "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne",
        "strictFirstAndLastChars", "noLineBreaksAfter", "noLineBreaksBefore",
        "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml",
        "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
        "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
        "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr",
        "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
        "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
        "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
        "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"]),
    ("compat", &["useSingleBorderforContiguousCells", "wpJustification", "noTabHangInd",
        "noLeading", "spaceForUL", "noColumnBalance", "balanceSingleByteDoubleByteWidth",
        "noExtraLineSpacing", "doNotLeaveBackslashAlone", "ulTrailSpace",
        "doNotExpandShiftReturn", "spacingInWholePoints", "lineWrapLikeWord6",
        "printBodyTextBeforeHeader", "printColBlack", "wpSpaceWidth", "showBreaksInFrames",
        "subFontBySize", "suppressBottomSpacing", "suppressTopSpacing",
        "suppressSpacingAtTopOfPage", "suppressTopSpacingWP", "suppressSpBfAfterPgBrk",
        "swapBordersFacingPages", "convMailMergeEsc", "truncateFontHeightsLikeWP6",
        "macWordSmallCaps", "usePrinterMetrics", "doNotSuppressParagraphBorders",
        "wrapTrailSpaces", "footnoteLayoutLikeWW8", "shapeLayoutLikeWW8", "alignTablesRowByRow",
        "forgetLastTabAlignment", "adjustLineHeightInTable", "autoSpaceLikeWord95",
        "noSpaceRaiseLower", "doNotUseHTMLParagraphAutoSpacing", "layoutRawTableWidth",
        "layoutTableRowsApart", "useWord97LineBreakRules", "doNotBreakWrappedTables",
        "doNotSnapToGridInCell", "selectFldWithFirstOrLastChar", "applyBreakingRules",
        "doNotWrapTextWithPunct", "doNotUseEastAsianBreakRules", "useWord2002TableStyleRules",
        "growAutofit", "useFELayout", "useNormalStyleForList",
        "doNotUseIndentAsNumberingTabStop", "useAltKinsokuLineBreakRules",
        "allowSpaceOfSameStyleInTable", "doNotSuppressIndentation",
        "doNotAutofitConstrainedTables", "autofitToFirstFixedWidthCell",
        "underlineTabInNumList", "displayHangulFixedWidth", "splitPgBreakAndParaMark",
        "doNotVertAlignCellWithSp", "doNotBreakConstrainedForcedTable",
        "doNotVertAlignInTxbx", "useAnsiKerningPairs", "cachedColBandSize", "compatSetting"]),
];

/// Every child of a WordprocessingML element listed in [`SEQUENCES`] that is out of the
/// schema's order, or not in it at all, with where it is; and how many children were checked.
pub fn order_violations(xml: &str) -> (Vec<String>, usize) {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let mut bad = Vec::new();
    let mut checked = 0;
    for node in doc.descendants().filter(|n| n.is_element() && n.tag_name().namespace() == Some(W)) {
        let Some((_, seq)) = SEQUENCES.iter().find(|(name, _)| *name == node.tag_name().name())
        else {
            continue;
        };
        let rank = |child: &str| seq.iter().position(|s| s.split(' ').any(|n| n == child));
        let mut last = 0;
        for child in node.children().filter(|c| c.is_element()) {
            checked += 1;
            let name = child.tag_name().name();
            match rank(name) {
                None => bad.push(format!("<{name}> is not a child of <{}>", node.tag_name().name())),
                Some(r) if r < last => bad.push(format!(
                    "<{name}> after <{}> in <{}>",
                    seq[last], node.tag_name().name()
                )),
                Some(r) => last = r,
            }
        }
    }
    (bad, checked)
}
