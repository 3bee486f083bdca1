//! The page, its script and its styles, compiled into the binary: the editor needs no network
//! and nothing installed beside vbhc.

/// A file of the page: its path, content type and text.
pub struct Asset {
    pub path: &'static str,
    pub content_type: &'static str,
    pub text: &'static str,
}

pub const ASSETS: [Asset; 5] = [
    Asset {
        path: "/",
        content_type: "text/html; charset=utf-8",
        text: include_str!("assets/index.html"),
    },
    Asset {
        path: "/app.js",
        content_type: "text/javascript; charset=utf-8",
        text: include_str!("assets/app.js"),
    },
    Asset {
        path: "/form.js",
        content_type: "text/javascript; charset=utf-8",
        text: include_str!("assets/form.js"),
    },
    Asset {
        path: "/yaml.js",
        content_type: "text/javascript; charset=utf-8",
        text: include_str!("assets/yaml.js"),
    },
    Asset {
        path: "/app.css",
        content_type: "text/css; charset=utf-8",
        text: include_str!("assets/app.css"),
    },
];

pub fn find(path: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.path == path)
}
