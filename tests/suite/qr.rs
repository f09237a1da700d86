//! The checklist's QR code, read back from the rendered page: `pdftoppm` draws the page, `rqrr`
//! (a pure-Rust decoder) finds and decodes the code, and it must give the page's address.

use crate::common::{Project, poppler};

/// The QR codes found on page `page` of the PDF at `pdf`, drawn at `dpi`, decoded.
fn codes_on(pdf: &std::path::Path, page: u32, dpi: u32) -> Vec<String> {
    let out = pdf.with_file_name(format!("page-{page}"));
    let status = std::process::Command::new("pdftoppm")
        .args(["-png", "-gray", "-singlefile", "-r", &dpi.to_string()])
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg(&out)
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    let image = image::open(pdf.with_file_name(format!("page-{page}.png")))
        .expect("rendered page")
        .to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    prepared
        .detect_grids()
        .into_iter()
        .map(|grid| grid.decode().expect("a QR code that decodes").1)
        .collect()
}

#[test]
fn the_checklists_qr_code_decodes_to_its_page_address() {
    if !poppler() {
        return;
    }
    let project = Project::shipped();
    project.run(&["build", "-q", "--out", "output"]).success();
    let mut seen = 0;
    for lang in ["nl", "fr", "de", "en"] {
        let pdf = project.root().join(format!(
            "output/{lang}/flegt-access/flegt-access-{lang}.pdf"
        ));
        let codes: Vec<String> = (1..=2).flat_map(|page| codes_on(&pdf, page, 150)).collect();
        assert_eq!(
            codes,
            [format!(
                "https://intranet.example.be/procedures/{lang}/flegt-access/"
            )],
            "{lang}"
        );
        seen += 1;
    }
    assert_eq!(seen, 4);
}
