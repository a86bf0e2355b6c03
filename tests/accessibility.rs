//! The sheet's accessibility, proved on the built PDF and on the Frame: the
//! tag tree (roles, reading order, figures, links, artifacts), the document
//! level entries and metadata, contrast, and an independent validator of
//! PDF/UA-1 and PDF/A-2a (every sheet is both).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{assert_facts_in_order, build, missouri, reference_facts, Pdf};
use factsheet::fonts::{Face, FontSet};
use factsheet::frame::{Content, Frame, Point, Rect, Rgb};
use lopdf::{Dictionary, Object, ObjectId};

/// A kid of a structure element, in the order the element lists them.
#[derive(Debug, Clone, PartialEq)]
enum Kid {
    Elem(ObjectId),
    Mcid(i64),
    /// An object reference: the annotation it points at.
    Objr(ObjectId),
}

/// A structure element read back.
#[derive(Debug, Clone)]
struct Elem {
    id: ObjectId,
    role: String,
    parent: Option<ObjectId>,
    kids: Vec<Kid>,
}

/// The tag tree read back from the PDF.
struct Tree {
    /// Elements in depth-first (reading) order; `elems[0]` is the root's kid.
    elems: Vec<Elem>,
    /// Text of each marked-content id, runs joined by spaces.
    text: BTreeMap<i64, String>,
}

impl Tree {
    fn read(pdf: &Pdf) -> Tree {
        let catalog = pdf.doc.catalog().unwrap();
        let root = pdf.dict(catalog.get(b"StructTreeRoot").unwrap());
        assert_eq!(
            root.get(b"Type").unwrap().as_name().unwrap(),
            b"StructTreeRoot"
        );
        let top = match root.get(b"K").unwrap() {
            Object::Reference(id) => *id,
            other => panic!("StructTreeRoot /K should be one Document element, got {other:?}"),
        };
        let mut elems = Vec::new();
        let mut stack = vec![(top, None)];
        while let Some((id, parent)) = stack.pop() {
            let dict = pdf.doc.get_object(id).unwrap().as_dict().unwrap();
            assert_eq!(
                dict.get(b"Type").ok().map(|t| t.as_name().unwrap()),
                Some(&b"StructElem"[..]),
                "{id:?} is not a StructElem"
            );
            let role =
                String::from_utf8(dict.get(b"S").unwrap().as_name().unwrap().to_vec()).unwrap();
            let kids = kids(pdf, dict);
            for kid in kids.iter().rev() {
                if let Kid::Elem(child) = kid {
                    stack.push((*child, Some(id)));
                }
            }
            elems.push(Elem {
                id,
                role,
                parent,
                kids,
            });
        }
        let mut text: BTreeMap<i64, String> = BTreeMap::new();
        for run in pdf.marked_runs() {
            if let (Some(mcid), false) = (run.mcid, run.artifact) {
                let entry = text.entry(mcid).or_default();
                if !entry.is_empty() {
                    entry.push(' ');
                }
                entry.push_str(&run.text);
            }
        }
        Tree { elems, text }
    }

    fn get(&self, id: ObjectId) -> &Elem {
        self.elems.iter().find(|e| e.id == id).unwrap()
    }

    fn with_role<'a>(&'a self, role: &'a str) -> impl Iterator<Item = &'a Elem> + 'a {
        self.elems.iter().filter(move |e| e.role == role)
    }

    /// The text under an element, in tag order.
    fn text_of(&self, elem: &Elem) -> String {
        let mut out = Vec::new();
        for kid in &elem.kids {
            match kid {
                Kid::Mcid(mcid) => out.push(self.text.get(mcid).cloned().unwrap_or_default()),
                Kid::Elem(id) => out.push(self.text_of(self.get(*id))),
                Kid::Objr(_) => {}
            }
        }
        out.join(" ")
    }

    /// MCIDs in tag (reading) order.
    fn mcids(&self) -> Vec<i64> {
        self.elems
            .iter()
            .flat_map(|e| {
                e.kids.iter().filter_map(|k| match k {
                    Kid::Mcid(m) => Some(*m),
                    _ => None,
                })
            })
            .collect()
    }
}

/// The kids of a structure element: /K may be one kid or an array of them;
/// a kid is an element reference, an MCID, an MCR or an OBJR dictionary.
fn kids(pdf: &Pdf, elem: &Dictionary) -> Vec<Kid> {
    let Ok(k) = elem.get(b"K") else {
        return Vec::new();
    };
    let list = match pdf.resolve(k) {
        Object::Array(items) => items.clone(),
        _ => vec![k.clone()],
    };
    list.iter()
        .map(|kid| match kid {
            Object::Integer(mcid) => Kid::Mcid(*mcid),
            Object::Reference(id) => match pdf.doc.get_object(*id).unwrap() {
                Object::Dictionary(d)
                    if d.get(b"Type").ok() == Some(&Object::Name(b"OBJR".to_vec())) =>
                {
                    Kid::Objr(d.get(b"Obj").unwrap().as_reference().unwrap())
                }
                _ => Kid::Elem(*id),
            },
            Object::Dictionary(d) => match d.get(b"Type").unwrap().as_name().unwrap() {
                b"OBJR" => Kid::Objr(d.get(b"Obj").unwrap().as_reference().unwrap()),
                b"MCR" => {
                    assert!(d.get(b"Stm").is_err(), "MCR into a form XObject");
                    Kid::Mcid(d.get(b"MCID").unwrap().as_i64().unwrap())
                }
                other => panic!("unexpected kid type {other:?}"),
            },
            other => panic!("unexpected kid {other:?}"),
        })
        .collect()
}

/// The page's parent tree: key → value (an array of elements for the page's
/// content, one element for an annotation).
fn parent_tree(pdf: &Pdf) -> BTreeMap<i64, Object> {
    let catalog = pdf.doc.catalog().unwrap();
    let root = pdf.dict(catalog.get(b"StructTreeRoot").unwrap());
    let tree = pdf.dict(root.get(b"ParentTree").unwrap());
    assert!(tree.get(b"Kids").is_err(), "parent tree is expected flat");
    let nums = pdf.resolve(tree.get(b"Nums").unwrap()).as_array().unwrap();
    let map: BTreeMap<i64, Object> = nums
        .chunks(2)
        .map(|pair| (pair[0].as_i64().unwrap(), pair[1].clone()))
        .collect();
    let next = root.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap();
    assert!(map.keys().all(|&k| k < next), "ParentTreeNextKey too small");
    map
}

/// A PDF text string: UTF-16BE with a byte-order mark, or PDFDocEncoding
/// (read as Latin-1, enough for ASCII).
fn text_string(object: &Object) -> String {
    let Object::String(bytes, _) = object else {
        panic!("not a string: {object:?}")
    };
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

#[test]
fn missouri_is_pdf_a_2a_and_pdf_ua_1_with_no_failed_rule() {
    assert_archival_and_accessible("Missouri", &build(&missouri()).pdf);
    // Dates add XMP and Info entries that must agree.
    let dated = factsheet::BuildOptions {
        date: Some(1_700_000_000),
        ..Default::default()
    };
    let pdf = factsheet::build(&missouri(), &dated).unwrap().pdf;
    assert_archival_and_accessible("Missouri, dated", &pdf);
}

#[test]
fn the_spanish_example_is_pdf_a_2a_and_pdf_ua_1() {
    let pdf = build(&common::load("profiles/missouri-es.toml")).pdf;
    assert_archival_and_accessible("missouri-es", &pdf);
}

#[test]
fn the_chart_fixture_is_pdf_a_2a_and_pdf_ua_1() {
    let pdf = build(&common::load("tests/fixtures/charts.toml")).pdf;
    assert_archival_and_accessible("charts", &pdf);
}

#[test]
fn the_spanish_example_describes_its_figures_in_spanish() {
    let built = build(&common::load("profiles/missouri-es.toml"));
    let pdf = Pdf::parse(&built.pdf);
    let tree = Tree::read(&pdf);
    let alts: Vec<String> = tree
        .with_role("Figure")
        .map(|f| {
            let dict = pdf.doc.get_object(f.id).unwrap().as_dict().unwrap();
            assert!(dict.get(b"Lang").is_err(), "no figure switches language");
            text_string(dict.get(b"Alt").unwrap())
        })
        .collect();
    assert!(alts.len() >= 5);
    let english = [
        " and ",
        "shaded",
        "counties",
        "Heat map",
        "lightest",
        "fewer",
        "have data",
    ];
    for alt in &alts {
        for word in english {
            assert!(!alt.contains(word), "{word:?} in {alt}");
        }
    }
    assert!(alts
        .iter()
        .any(|a| a.starts_with("Mapa de calor de los condados de Missouri")));
    assert!(alts.iter().any(|a| a.contains(" y casos comunicados")));
}

#[test]
fn a_sheet_in_an_opentype_font_of_its_own_is_pdf_a_2a_and_pdf_ua_1() {
    let dir = common::temp_dir("ua-otf");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let profile = dir.join("mo.toml");
    std::fs::write(
        &profile,
        format!(
            "schema = 1\nextends = {:?}\n\n[theme.fonts]\nregular = {:?}\n",
            root.join("profiles/missouri.toml"),
            root.join("tests/fixtures/fonts/SourceSans3-Regular.otf"),
        ),
    )
    .unwrap();
    let profile = common::load(profile.to_str().unwrap());
    assert_eq!(
        profile.fonts.regular.postscript_name(),
        "SourceSans3-Regular"
    );
    assert_archival_and_accessible("SourceSans3", &build(&profile).pdf);
}

#[test]
fn every_state_sheet_is_pdf_a_2a_and_pdf_ua_1() {
    let states = states();
    assert_eq!(states.len(), 51, "50 states and DC");
    for (name, code) in &states {
        let pdf = factsheet::build(&missouri_as(name, code), &Default::default())
            .unwrap_or_else(|error| panic!("{name} ({code}) does not build: {error}"))
            .pdf;
        assert_archival_and_accessible(name, &pdf);
    }
}

/// Name and postal code of each state (and DC) in the hotline data, in
/// the file's order.
fn states() -> Vec<(String, String)> {
    let csv = std::fs::read_to_string("data/hotline-calls-cases-2012-2016.csv").unwrap();
    let mut states: Vec<(String, String)> = Vec::new();
    for line in csv.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let (name, code) = (fields[3], fields[4]);
        if !states.iter().any(|(_, c)| c == code) {
            let words: Vec<String> = name
                .split(' ')
                .map(|word| match word {
                    "of" => word.to_string(),
                    _ => word[..1].to_uppercase() + &word[1..],
                })
                .collect();
            states.push((words.join(" "), code.to_string()));
        }
    }
    states
}

/// Missouri's profile with another state's name (in `state` and `title`)
/// and code, and without Missouri's county values.
fn missouri_as(name: &str, code: &str) -> factsheet::profile::Profile {
    let source = std::fs::read_to_string("profiles/missouri.toml").unwrap();
    let counties = source.find("[heat_map.counties]").unwrap();
    let end = counties + source[counties..].find("\n\n").unwrap();
    let source = format!("{}{}", &source[..counties], &source[end..])
        .replace("state = \"Missouri\"", &format!("state = \"{name}\""))
        .replace("state_code = \"MO\"", &format!("state_code = \"{code}\""))
        .replace("title = \"Missouri:", &format!("title = \"{name}:"));
    let path = format!("profiles/{}.toml", code.to_lowercase());
    match factsheet::profile::load_str(Path::new(&path), &source) {
        Ok((profile, _warnings)) => profile,
        Err(errors) => panic!("{name}: {errors:?}"),
    }
}

/// Asserts that `pdf` passes every rule of PDF/A-2a and of PDF/UA-1 that
/// the `page_validation` crate (veraPDF's rule set) checks.
fn assert_archival_and_accessible(what: &str, pdf: &[u8]) {
    use page_validation::{validate_pdf_bytes, ValidationOptions, ValidationProfile};
    for (profile, at_least) in [
        (ValidationProfile::PdfA2a, 150),
        (ValidationProfile::PdfUa1, 100),
    ] {
        let options = ValidationOptions::default().profile(profile);
        let report = validate_pdf_bytes(pdf, &options).expect("the validator reads the PDF");
        assert!(
            report.rules.total >= at_least,
            "{what}: only {} {profile:?} rules were checked",
            report.rules.total
        );
        assert!(
            report.failures.is_empty() && report.is_compliant,
            "{what}: {} of {} {profile:?} rules failed:\n{report}",
            report.rules.failed,
            report.rules.total
        );
    }
}

#[test]
fn every_text_operator_is_tagged_content_of_the_tree_or_an_artifact() {
    let pdf = Pdf::parse(&build(&missouri()).pdf);
    let tree = Tree::read(&pdf);
    let parents = parent_tree(&pdf);
    let key = pdf
        .first_page()
        .get(b"StructParents")
        .unwrap()
        .as_i64()
        .unwrap();
    let content_parents = pdf.resolve(&parents[&key]).as_array().unwrap().clone();
    let runs = pdf.marked_runs();
    assert!(runs.len() > 100);
    let mut artifacts = 0;
    for run in &runs {
        if run.artifact {
            artifacts += 1;
            continue;
        }
        let mcid = run
            .mcid
            .unwrap_or_else(|| panic!("`{}` is neither tagged nor an artifact", run.text));
        let parent = content_parents
            .get(mcid as usize)
            .unwrap_or_else(|| panic!("MCID {mcid} (`{}`) is not in the parent tree", run.text))
            .as_reference()
            .unwrap();
        assert!(
            tree.get(parent).kids.contains(&Kid::Mcid(mcid)),
            "the parent tree sends MCID {mcid} (`{}`) to an element that does not hold it",
            run.text
        );
    }
    // Text is content, not decoration.
    assert_eq!(artifacts, 0, "text marked as an artifact");
    // Every MCID is in the tree exactly once, and every parent-tree entry
    // is the element holding it.
    let mcids = tree.mcids();
    let unique: BTreeSet<i64> = mcids.iter().copied().collect();
    assert_eq!(
        unique.len(),
        mcids.len(),
        "an MCID appears twice in the tree"
    );
    assert_eq!(unique.len(), content_parents.len());
    for (mcid, parent) in content_parents.iter().enumerate() {
        let elem = tree.get(parent.as_reference().unwrap());
        assert!(elem.kids.contains(&Kid::Mcid(mcid as i64)));
    }
    // Every element's /P is its parent in the walk; non-root elements name their page.
    for elem in &tree.elems {
        let dict = pdf.doc.get_object(elem.id).unwrap().as_dict().unwrap();
        let p = dict.get(b"P").unwrap().as_reference().unwrap();
        if let Some(parent) = elem.parent {
            assert_eq!(p, parent, "{} has the wrong /P", elem.role);
        }
    }
}

#[test]
fn the_tag_tree_reads_every_reference_fact_in_order() {
    let pdf = Pdf::parse(&build(&missouri()).pdf);
    let tree = Tree::read(&pdf);
    let text = tree.text_of(&tree.elems[0]);
    let facts = reference_facts();
    assert!(facts.len() > 60);
    assert_facts_in_order(&text, &facts, "tag order");
    // Nothing is left out of the tree: all tagged text is reachable.
    let reachable: BTreeSet<i64> = tree.mcids().into_iter().collect();
    for (mcid, text) in &tree.text {
        assert!(reachable.contains(mcid), "`{text}` is not in the tag tree");
    }
}

#[test]
fn the_structure_has_one_title_ordered_headings_and_well_formed_lists() {
    let profile = missouri();
    let pdf = Pdf::parse(&build(&profile).pdf);
    let tree = Tree::read(&pdf);
    assert_eq!(tree.elems[0].role, "Document");
    assert!(tree.elems[1..].iter().all(|e| e.role != "Document"));

    // One H1, the title, before every other heading; no level is skipped.
    let headings: Vec<(&str, String)> = tree
        .elems
        .iter()
        .filter(|e| e.role.starts_with('H') && e.role.len() == 2)
        .map(|e| (e.role.as_str(), tree.text_of(e)))
        .collect();
    assert_eq!(headings[0], ("H1", profile.title()));
    assert_eq!(headings.iter().filter(|(r, _)| *r == "H1").count(), 1);
    let mut level = 1;
    for (role, text) in &headings[1..] {
        let next: u32 = role[1..].parse().unwrap();
        assert!(next <= level + 1, "{role} `{text}` skips a level");
        level = next;
    }
    let h2: Vec<String> = headings
        .iter()
        .filter(|(r, _)| *r == "H2")
        .map(|(_, t)| t.to_lowercase())
        .collect();
    for expected in [
        &profile.demographics.heading,
        &profile.venues.sex_heading,
        &profile.venues.labor_heading,
        &profile.laws.heading,
        &profile.efforts.heading,
        &profile.hotlines.heading,
    ] {
        assert!(
            h2.iter()
                .any(|h| common::squash(h) == common::squash(expected)),
            "no H2 `{expected}` in {h2:?}"
        );
    }

    // Lists: L holds LI only; LI holds Lbl and LBody, in that order.
    for l in tree.with_role("L") {
        assert!(!l.kids.is_empty());
        for kid in &l.kids {
            let Kid::Elem(id) = kid else {
                panic!("content directly in L")
            };
            let li = tree.get(*id);
            assert_eq!(li.role, "LI");
            let roles: Vec<&str> = li
                .kids
                .iter()
                .map(|k| match k {
                    Kid::Elem(id) => tree.get(*id).role.as_str(),
                    _ => panic!("content directly in LI"),
                })
                .collect();
            assert_eq!(roles, ["Lbl", "LBody"]);
        }
    }
    for role in ["LI", "Lbl", "LBody"] {
        for elem in tree.with_role(role) {
            let parent = tree.get(elem.parent.unwrap());
            let expected = if role == "LI" { "L" } else { "LI" };
            assert_eq!(parent.role, expected, "{role} under {}", parent.role);
        }
    }
    // The venue lists read as ranked lists of the profile's venues, the
    // statutes as one list, and every effort group as a list of its entries.
    let lists: Vec<Vec<(String, String)>> = tree
        .with_role("L")
        .map(|l| {
            l.kids
                .iter()
                .map(|k| {
                    let Kid::Elem(id) = k else { unreachable!() };
                    let li = tree.get(*id);
                    let part = |i: usize| {
                        let Kid::Elem(id) = li.kids[i] else {
                            unreachable!()
                        };
                        common::fold(&tree.text_of(tree.get(id)))
                    };
                    (part(0), part(1))
                })
                .collect()
        })
        .collect();
    let ranked = |venues: &[String]| -> Vec<(String, String)> {
        venues
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("{}.", i + 1), v.clone()))
            .collect()
    };
    assert!(lists.contains(&ranked(&profile.venues.sex)));
    assert!(lists.contains(&ranked(&profile.venues.labor)));
    let statutes = lists
        .iter()
        .find(|l| {
            l.len() == profile.laws.items.len() && l[0].1.contains(&profile.laws.items[0].title)
        })
        .expect("a list of the statutes");
    for ((label, body), law) in statutes.iter().zip(&profile.laws.items) {
        assert_eq!(label, "•");
        assert!(
            body.contains(&law.title) && body.contains(&law.citation),
            "{body}"
        );
    }
    let effort_lists = profile.efforts.groups.len();
    assert_eq!(lists.len(), 2 + 1 + effort_lists);
}

#[test]
fn figures_have_alt_text_stating_their_numbers_and_a_layout_bbox() {
    let profile = missouri();
    let built = build(&profile);
    let pdf = Pdf::parse(&built.pdf);
    let tree = Tree::read(&pdf);
    let media_box = common::numbers(pdf.first_page().get(b"MediaBox").unwrap());
    let figures: Vec<&Elem> = tree.with_role("Figure").collect();
    // The map, a chart per demographics group and the profile's charts.
    assert_eq!(
        figures.len(),
        1 + profile.demographics.groups.len() + profile.charts.len()
    );
    let mut alts = Vec::new();
    for figure in &figures {
        let dict = pdf.doc.get_object(figure.id).unwrap().as_dict().unwrap();
        let alt = text_string(dict.get(b"Alt").expect("Figure has /Alt"));
        assert!(
            alt.split_whitespace().count() >= 5,
            "alt text `{alt}` is too short"
        );
        let attributes = pdf.dict(dict.get(b"A").expect("Figure has attributes"));
        assert_eq!(attributes.get(b"O").unwrap().as_name().unwrap(), b"Layout");
        let bbox = common::numbers(attributes.get(b"BBox").expect("Figure has a /BBox"));
        assert!(bbox[0] < bbox[2] && bbox[1] < bbox[3], "{bbox:?} is empty");
        assert!(
            bbox[0] >= media_box[0]
                && bbox[1] >= media_box[1]
                && bbox[2] <= media_box[2]
                && bbox[3] <= media_box[3],
            "{bbox:?} leaves the page"
        );
        // Figures are leaves: their content is their own marked content.
        assert!(figure.kids.iter().all(|k| matches!(k, Kid::Mcid(_))));
        assert!(!figure.kids.is_empty());
        alts.push(alt);
    }
    // The figures' boxes hold the Frame items of their nodes.
    let frame = &built.frame;
    for figure_node in (0..frame.nodes.len())
        .filter(|&n| matches!(frame.nodes[n].role, factsheet::frame::Role::Figure { .. }))
    {
        let items: Vec<Rect> = frame
            .items
            .iter()
            .filter(|i| i.node == Some(figure_node))
            .map(|i| Frame::bounds(&i.content))
            .collect();
        let bounds = items.iter().skip(1).fold(items[0], |a, b| a.union(b));
        let pdf_box = [
            bounds.x,
            frame.height - bounds.bottom(),
            bounds.right(),
            frame.height - bounds.y,
        ];
        let found = figures.iter().any(|f| {
            let dict = pdf.doc.get_object(f.id).unwrap().as_dict().unwrap();
            let bbox = common::numbers(pdf.dict(dict.get(b"A").unwrap()).get(b"BBox").unwrap());
            bbox[0] <= pdf_box[0] + 0.01
                && bbox[1] <= pdf_box[1] + 0.01
                && bbox[2] >= pdf_box[2] - 0.01
                && bbox[3] >= pdf_box[3] - 0.01
                && bbox[2] - bbox[0] <= bounds.width + 4.0
                && bbox[3] - bbox[1] <= bounds.height + 4.0
        });
        assert!(found, "no Figure /BBox fits {pdf_box:?}");
    }
    // Every count and chart value is stated in some figure's alt text.
    let stated = |n: String| {
        assert!(
            alts.iter().any(|alt| alt
                .split(|c: char| !c.is_ascii_digit())
                .any(|word| word == n)),
            "{n} is in no alt text: {alts:#?}"
        )
    };
    for group in &profile.demographics.groups {
        for item in &group.items {
            stated(item.count.to_string());
        }
    }
    for chart in &profile.charts {
        for series in &chart.series {
            for value in &series.values {
                stated(format!("{value}"));
            }
        }
    }
}

#[test]
fn every_link_annotation_is_tagged_described_and_in_tab_order() {
    let pdf = Pdf::parse(&build(&missouri()).pdf);
    let tree = Tree::read(&pdf);
    let parents = parent_tree(&pdf);
    let page_dict = pdf.first_page();
    assert_eq!(page_dict.get(b"Tabs").unwrap().as_name().unwrap(), b"S");
    let annots = pdf
        .resolve(page_dict.get(b"Annots").unwrap())
        .as_array()
        .unwrap();
    assert!(annots.len() >= 10);
    let mut seen = BTreeSet::new();
    for annot in annots {
        let id = annot.as_reference().expect("annotations are objects");
        let dict = pdf.dict(annot);
        assert_eq!(dict.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
        let contents = text_string(dict.get(b"Contents").expect("link has /Contents"));
        assert!(contents.trim().len() > 3, "empty /Contents");
        let key = dict.get(b"StructParent").unwrap().as_i64().unwrap();
        let parent = parents[&key].as_reference().unwrap();
        let elem = tree.get(parent);
        assert_eq!(elem.role, "Link");
        assert!(
            elem.kids.contains(&Kid::Objr(id)),
            "the Link element does not hold its annotation"
        );
        assert!(seen.insert(id), "annotation listed twice");
    }
    // Each Link element holds its text and at least one annotation, and
    // every OBJR in the tree points at an annotation of the page.
    for link in tree.with_role("Link") {
        assert!(link.kids.iter().any(|k| matches!(k, Kid::Mcid(_))));
        assert!(link.kids.iter().any(|k| matches!(k, Kid::Objr(_))));
    }
    let objrs: BTreeSet<ObjectId> = tree
        .elems
        .iter()
        .flat_map(|e| &e.kids)
        .filter_map(|k| match k {
            Kid::Objr(id) => Some(*id),
            _ => None,
        })
        .collect();
    assert_eq!(objrs, seen);
}

/// The value of the first `<tag>…</tag>` in the XMP, inner markup dropped.
fn xmp_value(xmp: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = xmp.find(&open)? + open.len();
    let end = start + xmp[start..].find(&format!("</{tag}>"))?;
    let mut value = String::new();
    let mut in_markup = false;
    for c in xmp[start..end].chars() {
        match c {
            '<' => in_markup = true,
            '>' => in_markup = false,
            c if !in_markup => value.push(c),
            _ => {}
        }
    }
    Some(
        value
            .trim()
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    )
}

#[test]
fn document_entries_are_set_and_xmp_agrees_with_the_info_dictionary() {
    let mut profile = missouri();
    profile.title = Some("Missouri: Efforts <& Combat> Human Trafficking".to_string());
    let options = factsheet::BuildOptions {
        date: Some(1_700_000_000),
        ..Default::default()
    };
    let built = factsheet::build(&profile, &options).unwrap();
    let pdf = Pdf::parse(&built.pdf);
    let catalog = pdf.doc.catalog().unwrap();
    let mark_info = pdf.dict(catalog.get(b"MarkInfo").unwrap());
    assert!(mark_info.get(b"Marked").unwrap().as_bool().unwrap());
    assert_eq!(text_string(catalog.get(b"Lang").unwrap()), "en-US");
    let prefs = pdf.dict(catalog.get(b"ViewerPreferences").unwrap());
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());

    let stream = pdf
        .resolve(catalog.get(b"Metadata").unwrap())
        .as_stream()
        .unwrap();
    assert_eq!(
        stream.dict.get(b"Subtype").unwrap().as_name().unwrap(),
        b"XML"
    );
    assert!(
        stream.dict.get(b"Filter").is_err(),
        "XMP should stay uncompressed"
    );
    let xmp = String::from_utf8(stream.content.clone()).unwrap();
    assert_eq!(xmp_value(&xmp, "pdfuaid:part").as_deref(), Some("1"));

    let info = pdf.dict(pdf.doc.trailer.get(b"Info").unwrap());
    let info_text = |key: &[u8]| text_string(info.get(key).unwrap());
    for (key, tag) in [
        (&b"Title"[..], "dc:title"),
        (b"Author", "dc:creator"),
        (b"Subject", "dc:description"),
        (b"Keywords", "pdf:Keywords"),
        (b"Producer", "pdf:Producer"),
        (b"Creator", "xmp:CreatorTool"),
    ] {
        assert_eq!(
            xmp_value(&xmp, tag).as_deref(),
            Some(info_text(key).as_str()),
            "Info /{} and XMP {tag} differ",
            String::from_utf8_lossy(key)
        );
    }
    assert_eq!(info_text(b"Title"), profile.title());
    for (key, tag) in [
        (&b"CreationDate"[..], "xmp:CreateDate"),
        (b"ModDate", "xmp:ModifyDate"),
    ] {
        assert_eq!(info_text(key), "D:20231114221320Z");
        assert_eq!(
            xmp_value(&xmp, tag).as_deref(),
            Some("2023-11-14T22:13:20Z"),
            "{tag}"
        );
    }
    // Only entries we set: printpdf's empty PDF/X fields are gone, from
    // the Info dictionary and from the file.
    let keys: BTreeSet<&[u8]> = info.iter().map(|(k, _)| k.as_slice()).collect();
    let allowed: BTreeSet<&[u8]> = [
        &b"Title"[..],
        b"Author",
        b"Subject",
        b"Keywords",
        b"Creator",
        b"Producer",
        b"CreationDate",
        b"ModDate",
    ]
    .into();
    assert!(keys.is_subset(&allowed), "unexpected Info keys {keys:?}");
    for (_, value) in info.iter() {
        assert!(!text_string(value).is_empty(), "an empty Info entry");
    }
    for object in pdf.doc.objects.values() {
        if let Ok(dict) = object.as_dict() {
            assert!(
                dict.get(b"GTS_PDFXVersion").is_err(),
                "a GTS_PDFXVersion is left"
            );
        }
    }

    // The profile's language reaches the catalog.
    let mut spanish = missouri();
    spanish.lang = "es-US".to_string();
    let pdf = Pdf::parse(&build(&spanish).pdf);
    let catalog = pdf.doc.catalog().unwrap();
    assert_eq!(text_string(catalog.get(b"Lang").unwrap()), "es-US");
}

#[test]
fn the_sheet_embeds_an_srgb_output_intent_and_claims_pdf_a_2a_beside_pdf_ua_1() {
    let pdf = Pdf::parse(&build(&missouri()).pdf);
    let catalog = pdf.doc.catalog().unwrap();
    let intents = pdf
        .resolve(catalog.get(b"OutputIntents").unwrap())
        .as_array()
        .unwrap();
    assert_eq!(intents.len(), 1);
    let intent = pdf.dict(&intents[0]);
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
    assert_eq!(
        text_string(intent.get(b"OutputConditionIdentifier").unwrap()),
        "sRGB IEC61966-2.1"
    );
    let profile = pdf
        .resolve(intent.get(b"DestOutputProfile").unwrap())
        .as_stream()
        .unwrap();
    assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 3);
    let icc = profile
        .decompressed_content()
        .unwrap_or_else(|_| profile.content.clone());
    // The shipped profile, whole: an RGB display profile of ICC version 4.
    assert_eq!(icc, std::fs::read("src/export/sRGB-v4.icc").unwrap());
    assert_eq!(&icc[36..40], b"acsp");
    assert_eq!(&icc[12..20], b"mntrRGB ");
    assert_eq!(icc[8], 4);

    let xmp = pdf
        .resolve(catalog.get(b"Metadata").unwrap())
        .as_stream()
        .unwrap();
    let xmp = String::from_utf8(xmp.content.clone()).unwrap();
    assert_eq!(xmp_value(&xmp, "pdfaid:part").as_deref(), Some("2"));
    assert_eq!(xmp_value(&xmp, "pdfaid:conformance").as_deref(), Some("A"));
    assert_eq!(xmp_value(&xmp, "pdfuaid:part").as_deref(), Some("1"));
}

/// Where `needle` first occurs in `bytes` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

#[test]
fn every_stream_ends_with_crlf_before_endstream_and_its_length_is_exact() {
    // Read the file as it lies, object by object: lopdf inflates object
    // streams when it loads them.
    let bytes = build(&missouri()).pdf;
    let mut streams = 0;
    let mut at = 0;
    while let Some(header) = find(&bytes, at, b" 0 obj\n") {
        let end = find(&bytes, header, b"\nendobj\n").expect("endobj");
        let Some(keyword) = find(&bytes, header, b"\nstream").filter(|&k| k < end) else {
            at = end;
            continue;
        };
        let dict = &bytes[header..keyword];
        let length_at = find(dict, 0, b"/Length ").expect("a direct /Length") + 8;
        let digits = dict[length_at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let length: usize = std::str::from_utf8(&dict[length_at..length_at + digits])
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(&bytes[keyword..keyword + 9], b"\nstream\r\n");
        let data_end = keyword + 9 + length;
        assert_eq!(
            &bytes[data_end..data_end + 19],
            b"\r\nendstream\nendobj\n",
            "the stream at byte {keyword} does not end with CRLF endstream"
        );
        streams += 1;
        at = data_end;
    }
    // Every stream was seen: lopdf lists the same ones, the object streams
    // and the cross-reference stream among them.
    let loaded = Pdf::parse(&bytes)
        .doc
        .objects
        .values()
        .filter(|object| object.as_stream().is_ok())
        .count();
    assert_eq!(streams, loaded);
}

/// WCAG large text: at least 18 pt, or 14 pt in a bold face (weight 700 up).
fn is_large(size: f32, face: Face) -> bool {
    size >= 18.0 || (size >= 14.0 && face.weight() >= 700)
}

/// Even-odd point-in-polygon over all rings.
fn inside(rings: &[Vec<Point>], p: Point) -> bool {
    let mut hit = false;
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            if (a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x) {
                hit = !hit;
            }
        }
    }
    hit
}

#[test]
fn all_text_has_enough_contrast_with_what_is_under_it() {
    let frame = build(&missouri()).frame;
    let mut checked = 0;
    for (index, item) in frame.items.iter().enumerate() {
        let Content::Text(run) = &item.content else {
            continue;
        };
        let bounds = run.bounds();
        // What is under the run: the topmost filled path painted before it
        // that covers its bounds (corners and centre); white otherwise.
        let samples = [
            Point::new(bounds.x, bounds.y),
            Point::new(bounds.right(), bounds.y),
            Point::new(bounds.x, bounds.bottom()),
            Point::new(bounds.right(), bounds.bottom()),
            Point::new(
                bounds.x + bounds.width / 2.0,
                bounds.y + bounds.height / 2.0,
            ),
        ];
        let covering = frame.items[..index]
            .iter()
            .rev()
            .find_map(|under| match &under.content {
                Content::Path(path) => path.fill.filter(|_| {
                    path.closed
                        && path.bounds().contains(&bounds)
                        && samples.iter().all(|&p| inside(&path.rings, p))
                }),
                _ => None,
            });
        let background = covering.unwrap_or(Rgb::WHITE);
        // And no filled path partly under the run may be worse.
        let partial: Vec<Rgb> = frame.items[..index]
            .iter()
            .filter_map(|under| match &under.content {
                Content::Path(path) if path.closed => path
                    .fill
                    .filter(|_| samples.iter().any(|&p| inside(&path.rings, p))),
                _ => None,
            })
            .collect();
        let needed = if is_large(run.size, run.face) {
            3.0
        } else {
            4.5
        };
        for bg in std::iter::once(background).chain(partial) {
            let ratio = run.color.contrast(bg);
            assert!(
                ratio >= needed,
                "`{}` ({:?} {} pt, {:?}) on {bg:?}: {ratio:.2}:1 < {needed}:1",
                run.text,
                run.face,
                run.size,
                run.color
            );
        }
        checked += 1;
    }
    assert!(checked > 100);
}

#[test]
fn contrast_helpers_agree_with_wcag() {
    assert!((Rgb::BLACK.contrast(Rgb::WHITE) - 21.0).abs() < 0.01);
    let fonts = FontSet::embedded();
    assert!(is_large(18.0, fonts.regular));
    assert!(is_large(14.0, fonts.bold));
    assert!(is_large(14.0, fonts.extrabold));
    assert!(!is_large(14.0, fonts.semibold));
    assert!(!is_large(17.9, fonts.regular));
    let square = vec![vec![
        Point::new(0.0, 0.0),
        Point::new(10.0, 0.0),
        Point::new(10.0, 10.0),
        Point::new(0.0, 10.0),
    ]];
    assert!(inside(&square, Point::new(5.0, 5.0)));
    assert!(!inside(&square, Point::new(15.0, 5.0)));
    let _ = Rect::new(0.0, 0.0, 1.0, 1.0);
}
