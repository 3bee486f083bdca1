//! Boxes 7c and 8 of an electronic document (§3.8): the signature and seal images, floating over
//! the signing space in front of the text and taking no room (`wp:anchor` with `wrapNone`),
//! placed from the top left of their table cell and of the paragraph they are anchored in.

use super::xml::Xml;
use crate::tree::Signature;
use crate::writer::geometry::{Geometry, Placed};

/// The relationship ids of the two images (`word/media/<id>.png`).
pub const CHU_KY: &str = "rIdChuKy";
pub const CON_DAU: &str = "rIdConDau";

/// EMU (English Metric Units) per point: DrawingML's unit.
const EMU_PER_PT: f64 = 12_700.0;

fn emu(pt: f64) -> String {
    ((pt * EMU_PER_PT).round() as i64).to_string()
}

/// The images of the signature block, each where the shared geometry places it.
pub fn signing_images(x: &mut Xml, s: &Signature, geo: &Geometry) {
    let images = [
        (1, CHU_KY, s.chu_ky.as_ref(), geo.chu_ky),
        (2, CON_DAU, s.con_dau.as_ref(), geo.con_dau),
    ];
    for (n, id, anh, place) in images {
        if let (Some(_), Some(place)) = (anh, place) {
            x.open("w:r", &[]);
            floating(x, n, id, place);
            x.close("w:r");
        }
    }
}

/// One floating picture; `n` is its drawing id, unique in the document.
fn floating(x: &mut Xml, n: u32, id: &str, place: Placed) {
    let (cx, cy) = (emu(place.width), emu(place.height));
    let n = n.to_string();
    x.open("w:drawing", &[]);
    x.open(
        "wp:anchor",
        &[
            ("distT", "0"),
            ("distB", "0"),
            ("distL", "0"),
            ("distR", "0"),
            ("simplePos", "0"),
            ("relativeHeight", "190500"),
            ("behindDoc", "0"),
            ("locked", "0"),
            ("layoutInCell", "1"),
            ("allowOverlap", "1"),
        ],
    );
    x.empty("wp:simplePos", &[("x", "0"), ("y", "0")]);
    x.open("wp:positionH", &[("relativeFrom", "column")]);
    x.leaf("wp:posOffset", &[], &emu(place.x));
    x.close("wp:positionH");
    x.open("wp:positionV", &[("relativeFrom", "paragraph")]);
    x.leaf("wp:posOffset", &[], &emu(place.y));
    x.close("wp:positionV");
    x.empty("wp:extent", &[("cx", &cx), ("cy", &cy)]);
    x.empty(
        "wp:effectExtent",
        &[("l", "0"), ("t", "0"), ("r", "0"), ("b", "0")],
    );
    x.empty("wp:wrapNone", &[]);
    x.empty("wp:docPr", &[("id", &n), ("name", id)]);
    x.open("wp:cNvGraphicFramePr", &[]);
    x.empty("a:graphicFrameLocks", &[("noChangeAspect", "1")]);
    x.close("wp:cNvGraphicFramePr");
    x.open("a:graphic", &[]);
    x.open("a:graphicData", &[("uri", super::package::NS_PIC)]);
    x.open("pic:pic", &[]);
    x.open("pic:nvPicPr", &[]);
    x.empty("pic:cNvPr", &[("id", &n), ("name", id)]);
    x.open("pic:cNvPicPr", &[]);
    x.empty("a:picLocks", &[("noChangeAspect", "1")]);
    x.close("pic:cNvPicPr");
    x.close("pic:nvPicPr");
    x.open("pic:blipFill", &[]);
    x.empty("a:blip", &[("r:embed", id)]);
    x.open("a:stretch", &[]);
    x.empty("a:fillRect", &[]);
    x.close("a:stretch");
    x.close("pic:blipFill");
    x.open("pic:spPr", &[]);
    x.open("a:xfrm", &[]);
    x.empty("a:off", &[("x", "0"), ("y", "0")]);
    x.empty("a:ext", &[("cx", &cx), ("cy", &cy)]);
    x.close("a:xfrm");
    x.open("a:prstGeom", &[("prst", "rect")]);
    x.empty("a:avLst", &[]);
    x.close("a:prstGeom");
    x.close("pic:spPr");
    x.close("pic:pic");
    x.close("a:graphicData");
    x.close("a:graphic");
    x.close("wp:anchor");
    x.close("w:drawing");
}
