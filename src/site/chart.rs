//! Bar charts drawn as inline SVG at build time (articles per year on the topic and region
//! lists, events per month on timelines): no script in the browser.

/// Bars as inline SVG, one per label; `title` names the chart for screen readers.
pub(super) fn bars(values: &[(String, usize)], title: &str, height: u32) -> String {
    if values.is_empty() {
        return String::new();
    }
    let max = values.iter().map(|v| v.1).max().unwrap_or(1).max(1) as f64;
    let bar = 10u32;
    let gap = 2u32;
    let width = values.len() as u32 * (bar + gap);
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" preserveAspectRatio=\"none\" aria-label=\"{}\">",
        crate::markdown::escape_html(title)
    );
    for (i, (label, n)) in values.iter().enumerate() {
        let h = ((*n as f64 / max) * f64::from(height - 2))
            .round()
            .max(if *n > 0 { 1.0 } else { 0.0 }) as u32;
        let x = i as u32 * (bar + gap);
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"{}\" width=\"{bar}\" height=\"{h}\"><title>{}：{n}</title></rect>",
            height - h,
            crate::markdown::escape_html(label)
        ));
    }
    svg.push_str("</svg>");
    svg
}
