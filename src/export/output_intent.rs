//! The sRGB output intent: what the page's DeviceRGB colours mean, so a
//! PDF/A reader renders them the same in fifty years (ISO 19005-2, 6.2.3).
//!
//! The embedded profile is the 480-byte sRGB ICC v4 profile of Compact ICC
//! Profiles (CC0; see `LICENSE-sRGB-v4.txt` beside this file).

use lopdf::{Dictionary, Document, Object, Stream};

/// The ICC profile of IEC 61966-2-1 sRGB.
pub const SRGB_PROFILE: &[u8] = include_bytes!("sRGB-v4.icc");

/// The registry name of the output condition (ICC characterization data
/// registry), which readers may recognise without the profile.
pub const SRGB_CONDITION: &str = "sRGB IEC61966-2.1";

/// Adds the profile and a `GTS_PDFA1` output intent naming it to the
/// catalog. The subtype is `GTS_PDFA1` for every part of PDF/A.
pub fn add(pdf: &mut Document) {
    let mut profile = Dictionary::new();
    profile.set("N", 3);
    let profile_id = pdf.add_object(Stream::new(profile, SRGB_PROFILE.to_vec()));
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    intent.set(
        "OutputConditionIdentifier",
        Object::string_literal(SRGB_CONDITION),
    );
    intent.set("Info", Object::string_literal(SRGB_CONDITION));
    intent.set("DestOutputProfile", profile_id);
    if let Ok(catalog) = pdf.catalog_mut() {
        catalog.set("OutputIntents", vec![Object::Dictionary(intent)]);
    }
}
