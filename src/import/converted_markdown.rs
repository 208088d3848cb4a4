//! Markdown written by a converter (pandoc, and the tools built like it) → the text
//! dialect of `document`.
//!
//! An editor who turns a Word file or a web page into Markdown for a static site gets
//! text in that converter's own Markdown: tables as `| a | b |` rows under a `|---|---|`
//! rule, footnotes as `[^3]` with their `[^3]: …` definitions at the end, punctuation
//! escaped with a backslash (`2021\~2025`, `\- item`, `\[1\]`), hard line breaks as a
//! trailing `\`, and, in pandoc's own Markdown, curly quotes written straight because
//! its readers make them curly again (a quote that really was straight is escaped, `\"`).
//! Read as plain text, the TOC's rows are not entries and a digest can fall into a
//! single article. This pass reads that Markdown the way its writer meant it and
//! hands on the dialect the stages after it know: tab-separated table rows,
//! `<sup>N</sup>` marks, notes after a `---` rule. A text with none of these marks of a
//! converter is left alone. Each line remembers the line of the file it came from.

/// A converter's Markdown rewritten, with the file's line number of each line.
pub struct Rewritten {
    pub text: String,
    /// 1-based line of the file each line of `text` came from.
    pub lines: Vec<usize>,
}

/// The Markdown a converter wrote, in the importer's dialect; `None` when `text` shows
/// no sign of such a converter (a pipe table with its rule, `[^N]` notes defined at
/// the end, or backslash escapes), so every other text reaches the stages unchanged.
pub fn rewrite(text: &str) -> Option<Rewritten> {
    let lines: Vec<&str> = text.lines().collect();
    let pipe_rules = lines.iter().filter(|l| is_pipe_rule(l)).count();
    let note_definitions = lines
        .iter()
        .filter(|l| note_definition(l).is_some())
        .count();
    let escapes = lines.iter().map(|l| escapes(l)).sum::<usize>();
    let dash_rules = lines.iter().filter(|l| is_dash_rule(l).is_some()).count();
    let superscripts = lines.iter().filter(|l| has_superscript(l)).count();
    let html_tables = lines
        .iter()
        .filter(|l| l.trim_start().to_ascii_lowercase().starts_with("<table"))
        .count();
    let containers = lines.iter().filter(|l| is_container_tag(l)).count();
    if pipe_rules == 0
        && note_definitions == 0
        && containers == 0
        && superscripts == 0
        && html_tables == 0
        && escapes < 3
        && (dash_rules == 0 || escapes == 0)
    {
        return None;
    }
    let smart = &Quotes {
        smart: smart_quotes(text),
        closing: std::cell::Cell::new(false),
    };
    // Paragraphs are joined only in a text that sets them apart with blank lines, as
    // Markdown does: a converter that writes a line a paragraph and no blank lines
    // (Word's text export) leaves lines that are not wrapped.
    let non_blank = lines.iter().filter(|l| !l.trim().is_empty()).count();
    let before_blank = lines
        .windows(2)
        .filter(|w| !w[0].trim().is_empty() && w[1].trim().is_empty())
        .count();
    let wrapped = before_blank * 6 >= non_blank;
    let mut out = Rewritten {
        text: String::with_capacity(text.len()),
        lines: Vec::with_capacity(lines.len()),
    };
    let push = |out: &mut Rewritten, line: &str, no: usize| {
        out.text.push_str(line);
        out.text.push('\n');
        out.lines.push(no);
    };
    let mut notes_started = false;
    let mut i = 0;
    while i < lines.len() {
        let no = i + 1;
        if let Some(mut table) = table_at(&lines, i) {
            loop {
                for (cells, j) in &table.rows {
                    push_row(&mut out, cells, j + 1, smart);
                }
                i = table.end;
                // pandoc cuts a table where a row held text in its last cell only (the
                // rest of a cell a page break cut), leaving that text as a paragraph
                // between the two halves: it is the row it was.
                let Some((text_at, next)) = table_interlude(&lines, &table) else {
                    break;
                };
                let cols = table.rows.last().map_or(1, |r| r.0.len());
                let mut cells = vec![String::new(); cols - 1];
                cells.push(lines[text_at].trim().to_string());
                push_row(&mut out, &cells, text_at + 1, smart);
                table = next;
            }
            continue;
        }
        // The page's `<div>`s that a flavour without fenced divs keeps as raw HTML are
        // markup, not text: the site's footer after the last `</div>` is still a footer.
        if is_container_tag(lines[i]) {
            push(&mut out, "", no);
            i += 1;
            continue;
        }
        if let Some((mark, first)) = note_definition(lines[i]) {
            if !notes_started {
                notes_started = true;
                push(&mut out, "", no);
                push(&mut out, "---", no);
                push(&mut out, "", no);
            }
            let (rest, end) = paragraph(&lines, i + 1, first);
            push(
                &mut out,
                &format!("<sup>{mark}</sup> {}", inline(&rest, smart)),
                no,
            );
            i = end;
            continue;
        }
        if !wrapped
            || (starts_block(lines[i]) && !is_list_item(lines[i]))
            || lines[i].trim().is_empty()
        {
            push(&mut out, &inline(lines[i], smart), no);
            i += 1;
            continue;
        }
        let (joined, end) = paragraph(&lines, i + 1, lines[i]);
        push(&mut out, &inline(&joined, smart), no);
        i = end;
    }
    Some(out)
}

/// A paragraph's text from its first line on: the lines a converter wrapped it into
/// (it breaks only where there was a space) joined with a space, up to a blank line, a
/// line that starts a block of its own, or after a hard break (a trailing `\`).
/// Returns the text and the index of the line after the paragraph.
fn paragraph(lines: &[&str], mut next: usize, first: &str) -> (String, usize) {
    let mut text = first.trim_end().to_string();
    let mut hard_break = first.ends_with("  ");
    while next < lines.len() {
        let l = lines[next];
        if l.trim().is_empty()
            || starts_block(l)
            || l.contains('\t')
            || text.contains('\t')
            || hard_break
            || text.ends_with('\\')
        {
            break;
        }
        hard_break = l.ends_with("  ");
        text.push(' ');
        text.push_str(l.trim());
        next += 1;
    }
    (text, next)
}

/// A line that begins a block rather than going on with the paragraph above it: a
/// heading, a list item, a quote, a table row or rule, a note, an HTML block.
fn starts_block(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with(['#', '>', '|'])
        || is_html_block(t)
        || t.starts_with("[^")
        || t.starts_with("```")
        || is_list_item(line)
        || is_dash_rule(line).is_some()
        || (t.len() >= 3
            && t.chars()
                .all(|c| c == '-' || c == '*' || c == '_' || c == ' '))
}

/// A line opening or closing an HTML block (a table a converter could not write as
/// Markdown, a `<div>`); inline tags such as `<sup>` and autolinks go on in the text.
fn is_html_block(t: &str) -> bool {
    const BLOCKS: [&str; 17] = [
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "colgroup", "col", "caption", "div",
        "section", "ol", "ul", "li", "p", "hr",
    ];
    let Some(rest) = t.strip_prefix('<') else {
        return false;
    };
    t.starts_with("<!--") || BLOCKS.contains(&tag_name(rest).as_str())
}

/// The element name a tag's text after `<` starts with, `/` of a closing tag skipped,
/// in small letters (`/DIV class="x"` → `div`).
fn tag_name(after_lt: &str) -> String {
    after_lt
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The table that starts at line `i`: a pipe table (the rule dropped, and a header of
/// empty cells, a table without one, too), a table of pandoc's own Markdown with its
/// columns told by a rule of dashes, or one written in HTML.
fn table_at(lines: &[&str], i: usize) -> Option<DashTable> {
    if is_pipe_row(lines[i]) {
        let end = (i..lines.len())
            .find(|&j| !is_pipe_row(lines[j]))
            .unwrap_or(lines.len());
        if (i..end).any(|j| is_pipe_rule(lines[j])) {
            let rows = (i..end)
                .filter(|&j| !is_pipe_rule(lines[j]))
                .map(|j| (pipe_cells(lines[j]), j))
                .collect();
            return Some(DashTable { rows, end });
        }
    }
    dash_table(lines, i).or_else(|| html_table(lines, i))
}

/// A one-line paragraph between `table` and another table of as many columns, which
/// does not read as a sentence, a heading or a caption of its own: the index of its
/// line and the table after it.
fn table_interlude(lines: &[&str], table: &DashTable) -> Option<(usize, DashTable)> {
    let cols = table.rows.last()?.0.len();
    let blank = |j: usize| lines.get(j).is_some_and(|l| l.trim().is_empty());
    let text_at = (table.end..lines.len()).find(|&j| !blank(j))?;
    let text = lines[text_at].trim();
    let next_at = (text_at + 1..lines.len()).find(|&j| !blank(j))?;
    if cols < 2
        || next_at == text_at + 1
        || text.chars().count() > 60
        || crate::text::ends_sentence(text)
        || starts_block(text)
        || text.starts_with(['表', '图', '注', '资'])
    {
        return None;
    }
    let next = table_at(lines, next_at)?;
    (next.rows.first()?.0.len() == cols).then_some((text_at, next))
}

/// A line that is only a container's opening or closing tag (`<div role="main">`,
/// `</section>`): a web page's layout, which says nothing of the text in it.
fn is_container_tag(line: &str) -> bool {
    const CONTAINERS: [&str; 10] = [
        "div", "section", "article", "main", "aside", "nav", "header", "footer", "figure", "span",
    ];
    let t = line.trim();
    let Some(inner) = t.strip_prefix('<').and_then(|r| r.strip_suffix('>')) else {
        return false;
    };
    !inner.contains(['<', '>']) && CONTAINERS.contains(&tag_name(inner).as_str())
}

/// A table written as HTML inside the Markdown (pandoc does so when its cells hold more
/// than one paragraph, or when the flavour has no tables): its rows, each with the
/// index of the line its `<tr` is on, and the index of the line after `</table>`.
fn html_table(lines: &[&str], i: usize) -> Option<DashTable> {
    if !lines[i]
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("<table")
    {
        return None;
    }
    let close = (i..lines.len()).find(|&j| lines[j].to_ascii_lowercase().contains("</table>"))?;
    // Tags may break across lines (`<td\nclass="title">`): the table is read whole.
    let html = lines[i..=close].join("\n");
    let mut rows = Vec::new();
    let mut row: Option<(Vec<String>, usize)> = None;
    let mut cell: Option<String> = None;
    let mut at = 0;
    while let Some(lt) = html[at..].find('<').map(|p| at + p) {
        if let Some(c) = cell.as_mut() {
            c.push_str(&html[at..lt]);
        }
        let gt = html[lt..].find('>').map_or(html.len(), |g| lt + g + 1);
        let tag = html[lt..gt].to_ascii_lowercase();
        let name: String = tag[1..]
            .chars()
            .take_while(|c| *c == '/' || c.is_ascii_alphanumeric())
            .collect();
        match name.as_str() {
            "tr" => row = Some((Vec::new(), i + html[..lt].matches('\n').count())),
            "td" | "th" => cell = Some(String::new()),
            "/td" | "/th" => {
                if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                    r.0.push(html_text(&c));
                }
            }
            "/tr" => rows.extend(row.take()),
            "sup" | "/sup" => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&html[lt..gt]);
                }
            }
            "br" | "p" | "/p" => {
                if let Some(c) = cell.as_mut() {
                    c.push(' ');
                }
            }
            _ => {}
        }
        at = gt;
    }
    Some(DashTable {
        rows,
        end: close + 1,
    })
}

/// A heading without the attributes some flavours add to it: pandoc's
/// (`## 战略规划 {#战略规划}`, `{.unnumbered}`) and MultiMarkdown's label, the heading's
/// letters without its punctuation or leading digits
/// (`### 三、综合措施 [三综合措施]`).
fn without_heading_attributes(line: &str) -> &str {
    if !line.starts_with('#') {
        return line;
    }
    if line.ends_with('}') {
        return match line.rfind(" {") {
            Some(at) if line[at + 2..].starts_with(['#', '.']) => line[..at].trim_end(),
            _ => line,
        };
    }
    let Some(at) = line.ends_with(']').then(|| line.rfind(" [")).flatten() else {
        return line;
    };
    let (heading, label) = (&line[..at], &line[at + 2..line.len() - 1]);
    let letters = heading.chars().filter(|c| c.is_alphanumeric()).count();
    let label_letters: Vec<char> = label
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let mut rest = heading.chars().flat_map(char::to_lowercase);
    let in_order = label_letters.iter().all(|c| rest.any(|h| h == *c));
    let label_chars = label
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    if in_order && label_chars && label_letters.len() * 2 >= letters {
        heading.trim_end()
    } else {
        line
    }
}

/// A cell's text: entities decoded, white space collapsed.
fn html_text(s: &str) -> String {
    let s = s
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A list item's first line: `- `, `* `, `+ `, `1. `, `1) `.
fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    let number = t
        .find(|c: char| !c.is_ascii_digit())
        .is_some_and(|n| n > 0 && (t[n..].starts_with(". ") || t[n..].starts_with(") ")));
    number || t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ")
}

/// One table row as a tab-separated line, unless all its cells are empty (the header
/// a converter writes for a table that has none).
fn push_row(out: &mut Rewritten, cells: &[String], no: usize, smart: &Quotes) {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| inline(c, smart).replace('\t', " "))
        .collect();
    if cells.iter().any(|c| !c.is_empty()) {
        out.text.push_str(&cells.join("\t"));
        out.text.push('\n');
        out.lines.push(no);
    }
}

/// A table read from pandoc's simple or multiline form: its rows (cells, and the index
/// of the row's first line), and the index of the line after it.
struct DashTable {
    rows: Vec<(Vec<String>, usize)>,
    end: usize,
}

/// The columns of a rule of dashes, `  ------ -----`, two or more groups: each group's
/// first display column.
fn is_dash_rule(line: &str) -> Option<Vec<usize>> {
    let t = line.trim_end();
    if !t.contains("--") || !t.chars().all(|c| c == '-' || c == ' ') {
        return None;
    }
    let mut starts = Vec::new();
    let mut prev = ' ';
    for (col, c) in t.chars().enumerate() {
        if c == '-' && prev == ' ' {
            starts.push(col);
        }
        prev = c;
    }
    (starts.len() >= 2 && t.matches("--").count() >= 2).then_some(starts)
}

/// A pandoc table starting at line `i`: a rule of dashes with rows under it (closed by
/// another rule, or by a blank line when every row is one line), or a header line
/// directly above its rule. Rows of several lines (multiline tables) are separated by
/// blank lines; a cell's pieces are joined with a space, where the converter broke it.
fn dash_table(lines: &[&str], i: usize) -> Option<DashTable> {
    let after_blank = i == 0 || lines[i - 1].trim().is_empty();
    // Where the rows start, the columns, and the header's lines.
    let (cols, header, start) = if let Some(cols) = is_dash_rule(lines[i]) {
        (cols, i..i, i + 1)
    } else if after_blank && is_single_rule(lines[i]) {
        // A multiline table's header between a full-width rule and the column rule.
        let rule = (i + 1..lines.len())
            .take_while(|&j| !lines[j].trim().is_empty())
            .find(|&j| is_dash_rule(lines[j]).is_some())?;
        (is_dash_rule(lines[rule])?, i + 1..rule, rule + 1)
    } else if after_blank && !lines[i].trim().is_empty() && !starts_block(lines[i]) {
        (is_dash_rule(lines.get(i + 1)?)?, i..i + 1, i + 2)
    } else {
        return None;
    };
    // The rule that closes the table, unless a blank line ends it first (a simple table).
    let mut closing = None;
    let mut blanks = 0;
    for (j, l) in lines.iter().enumerate().skip(start) {
        if is_dash_rule(l).is_some() || is_single_rule(l) {
            closing = Some(j);
            break;
        }
        blanks = if l.trim().is_empty() { blanks + 1 } else { 0 };
        if blanks == 2 || (!l.trim().is_empty() && starts_block(l)) {
            break;
        }
    }
    let (body, end) = match closing {
        Some(c) => (start..c, c + 1),
        None if !header.is_empty() => {
            let stop = (start..lines.len())
                .find(|&j| lines[j].trim().is_empty())
                .unwrap_or(lines.len());
            (start..stop, stop)
        }
        None => return None,
    };
    let multiline = body.clone().any(|j| lines[j].trim().is_empty());
    let mut rows = Vec::new();
    if !header.is_empty() {
        rows.push((cells_of(&lines[header.clone()], &cols), header.start));
    }
    let mut j = body.start;
    while j < body.end {
        if lines[j].trim().is_empty() {
            j += 1;
            continue;
        }
        let stop = if multiline {
            (j..body.end)
                .find(|&k| lines[k].trim().is_empty())
                .unwrap_or(body.end)
        } else {
            j + 1
        };
        rows.push((cells_of(&lines[j..stop], &cols), j));
        j = stop;
    }
    Some(DashTable { rows, end })
}

/// A full-width rule of one group of dashes (a multiline table's top or bottom).
fn is_single_rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 10 && t.chars().all(|c| c == '-')
}

/// The cells of a row, one piece per line sliced at the columns' first display
/// columns; a cell's pieces on several lines joined with a space.
fn cells_of(row: &[&str], cols: &[usize]) -> Vec<String> {
    let mut cells = vec![String::new(); cols.len()];
    for line in row {
        let mut pieces = vec![String::new(); cols.len()];
        let mut col = 0;
        for c in line.chars() {
            let k = cols.iter().rposition(|&s| s <= col).unwrap_or(0);
            pieces[k].push(c);
            col += crate::import::reflow::columns(c);
        }
        for (cell, piece) in cells.iter_mut().zip(pieces) {
            let piece = piece.trim();
            if !piece.is_empty() {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(piece);
            }
        }
    }
    cells
}

/// A line of a pipe table: it starts and ends with `|` (the leading one may be missing
/// in GitHub's Markdown, but converters write it).
fn is_pipe_row(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 2 && t.starts_with('|') && t.ends_with('|')
}

/// The rule under a pipe table's header: `|---|:--:|`.
fn is_pipe_rule(line: &str) -> bool {
    let t = line.trim();
    is_pipe_row(t) && t.contains("---") && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// A pipe row's cells, trimmed; `\|` is a bar inside a cell.
fn pipe_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell).trim().to_string()),
            _ => cell.push(c),
        }
    }
    cells.push(cell.trim().to_string());
    cells
}

/// Whether a line has pandoc's superscript note mark, `^12^`.
fn has_superscript(line: &str) -> bool {
    line.split('^')
        .skip(1)
        .step_by(2)
        .any(|m| (1..=4).contains(&m.len()) && m.chars().all(|c| c.is_ascii_digit()))
        && line.matches('^').count() >= 2
}

/// `[^12]: text` → ("12", "text").
fn note_definition(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("[^")?;
    let close = rest.find("]:")?;
    let mark = &rest[..close];
    (!mark.is_empty() && mark.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| (mark, rest[close + 2..].trim()))
}

/// How many backslash escapes of ASCII punctuation a line has outside URLs and their
/// wrapped pieces (a link's text in a converter's Markdown, `post\_id=…&board\_id=…`,
/// is carried into every later copy of the bulletin).
fn escapes(line: &str) -> usize {
    line.split_whitespace()
        .filter(|w| !w.contains(['/', '=', '&']))
        .map(|w| {
            w.as_bytes()
                .windows(2)
                .filter(|p| p[0] == b'\\' && p[1].is_ascii_punctuation() && p[1] != b'\\')
                .count()
        })
        .sum()
}

/// Whether straight double quotes stand for curly ones: pandoc's own Markdown writes
/// “ ” as `"` and a quote that was straight as `\"`, and escapes `'` and `...` for the
/// same reason. A text with curly quotes of its own keeps its straight quotes as they
/// are, and so does one without those escapes whose quotes stand among Latin text.
fn smart_quotes(text: &str) -> bool {
    if text.contains(['“', '”']) {
        return false;
    }
    if ["\\\"", "\\'", "\\..."].iter().any(|e| text.contains(e)) {
        return true;
    }
    // With no straight quote in the original there is nothing to escape; but a text
    // that sets its Chinese with full-width commas and stops sets its quotes curly too,
    // so straight ones against Han characters are the writer's. (A text that writes
    // `话语权,提供` may well have typed `"` itself.)
    let chars: Vec<char> = text.chars().collect();
    let after_han = |marks: [char; 2]| {
        chars
            .windows(2)
            .filter(|w| crate::text::is_han(w[0]) && marks.contains(&w[1]))
            .count()
    };
    if after_han(['，', '。']) <= 2 * after_han([',', '.']) {
        return false;
    }
    let quotes: Vec<usize> = (0..chars.len()).filter(|&i| chars[i] == '"').collect();
    let by_han = quotes
        .iter()
        .filter(|&&i| {
            let before = i.checked_sub(1).map(|b| chars[b]);
            let after = chars.get(i + 1).copied();
            before.into_iter().chain(after).any(crate::text::is_han)
        })
        .count();
    quotes.len() >= 2 && by_han * 3 >= quotes.len() * 2
}

/// How straight double quotes are read: whether they stand for curly ones, and whether
/// the paragraph before left one open (a quote a converter's paragraph break cut:
/// `设立"为美国生产` / `半导体创造有利的激励措施"（CHIPS）`).
struct Quotes {
    smart: bool,
    closing: std::cell::Cell<bool>,
}

/// One line's inline Markdown in the dialect: `[^N]` and `^N^` → `<sup>N</sup>`, escapes
/// undone, a trailing hard-break `\` dropped, and (in `smart` texts) each line's
/// unescaped double quotes paired into “ ”. A line with an odd number of quotes leaves
/// its last one open for the next line to close, when that has an odd number too.
fn inline(line: &str, smart: &Quotes) -> String {
    let line = line.strip_suffix('\\').unwrap_or(line);
    let line = without_heading_attributes(line);
    let quotes = line.matches('"').count() - line.matches("\\\"").count();
    let pair_quotes = smart.smart && quotes > 0;
    let odd = quotes % 2 == 1;
    let mut open = !(odd && smart.closing.get());
    if pair_quotes {
        smart.closing.set(odd && open);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("[^") {
            if let Some(close) = after.find(']') {
                let mark = &after[..close];
                if !mark.is_empty() && mark.chars().all(|c| c.is_ascii_alphanumeric()) {
                    out.push_str(&format!("<sup>{mark}</sup>"));
                    rest = &after[close + 1..];
                    continue;
                }
            }
        }
        // pandoc's superscript, `^1^`: a note mark.
        if let Some(after) = rest.strip_prefix('^') {
            if let Some(close) = after.find('^') {
                let mark = &after[..close];
                if (1..=4).contains(&mark.len()) && mark.chars().all(|c| c.is_ascii_alphanumeric())
                {
                    out.push_str(&format!("<sup>{mark}</sup>"));
                    rest = &after[close + 1..];
                    continue;
                }
            }
        }
        match c {
            '\\' => match rest[1..].chars().next() {
                Some(p) if p.is_ascii_punctuation() => {
                    out.push(p);
                    rest = &rest[1 + p.len_utf8()..];
                    continue;
                }
                _ => out.push('\\'),
            },
            '"' if pair_quotes => {
                out.push(if open { '“' } else { '”' });
                open = !open;
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seed 003's TOC under 战略规划, as every form of table here should come out.
    const TOC_ROWS: &str = "## 战略规划\n\n\
        日本发布半导体和数字产业发展战略\t4\n\
        韩国制定《第五次国家标准基本计划 2021~2025》\t7\n";

    fn rewritten(text: &str) -> String {
        rewrite(text).expect("a converter's Markdown").text
    }

    #[test]
    fn a_row_pandoc_left_between_two_tables_goes_back() {
        // Seed 003's table 6 through pandoc: the row holding the rest of row 1's cell
        // became a paragraph between two halves of the table.
        let text = "| 序号 | 建 议 |\n|---|---|\n| 1 | 促进本地生产……透明化供 |\n\n\
                    应链，以识别和降低风险\n\n\
                    | | |\n|---|---|\n| 2 | 应急能力建设。 |\n\n正文继续。\n";
        let out = rewrite(text).unwrap();
        assert!(
            out.text.contains(
                "1\t促进本地生产……透明化供\n\t应链，以识别和降低风险\n2\t应急能力建设。\n"
            ),
            "{}",
            out.text
        );
        assert_eq!(
            out.lines[out.text.lines().position(|l| l.contains("应链")).unwrap()],
            5
        );
        // A sentence or a caption between two tables is text of its own.
        for between in ["下表列出其余建议。", "表 7 建设弹性供应链的六大主题建议"]
        {
            let text = text.replace("应链，以识别和降低风险", between);
            let out = rewrite(&text).unwrap();
            assert!(out.text.contains(&format!("\n{between}\n")), "{}", out.text);
        }
    }

    #[test]
    fn straight_quotes_by_han_are_pandocs_curly_ones() {
        // Seed 003 through `pandoc -t markdown`: no straight quote to escape, so no `\"`.
        let text =
            "其中，授权在财政部设立\"为美国生产半导体创造有利的激励措施\"（CHIPS）基金\\~。\n";
        assert!(smart_quotes(text));
        // Seed 002 sets its Chinese with half-width commas, and its quotes are straight.
        assert!(!smart_quotes(
            "话语权,提供\"国际通行证\",提出了\"六个必须坚持\"。\n"
        ));
        let out = rewrite(&format!("{text}\n| a | b |\n|---|---|\n| 1 | 2 |\n")).unwrap();
        assert!(
            out.text
                .contains("设立“为美国生产半导体创造有利的激励措施”（CHIPS）"),
            "{}",
            out.text
        );
        // A quote a paragraph break cut is closed by the next paragraph's first quote.
        let cut =
            "标准，设立\"为美国生产\n\n半导体创造有利的激励措施\"（CHIPS）基金和\"美国创新\"。\n\n\
                   | a | b |\n|---|---|\n| 1 | 2 |\n";
        let out = rewrite(cut).unwrap();
        assert!(out.text.contains("设立“为美国生产\n"), "{}", out.text);
        assert!(
            out.text.contains("措施”（CHIPS）基金和“美国创新”。"),
            "{}",
            out.text
        );
        // Quotes among Latin words, and a text with curly quotes of its own, stay.
        assert!(!smart_quotes("He said \"yes\" and \"no\" to 专家.\n"));
        assert!(!smart_quotes("设立\"基金\"与“计划”\n"));
    }

    #[test]
    fn multimarkdown_heading_labels_are_dropped() {
        // Seed 003 through pandoc's `markdown_mmd`: each heading carries its label.
        assert_eq!(
            without_heading_attributes("### 《2021 年美国创新与竞争法案》瞄准对华科技竞争 [年美国创新与竞争法案瞄准对华科技竞争]"),
            "### 《2021 年美国创新与竞争法案》瞄准对华科技竞争"
        );
        assert_eq!(
            without_heading_attributes("### 三、综合措施 [三综合措施]"),
            "### 三、综合措施"
        );
        // Spaces become hyphens and Latin letters small.
        assert_eq!(
            without_heading_attributes("### 英国政府与 IBM 将合作开展先进数字技术研究 [英国政府与-ibm-将合作开展先进数字技术研究]"),
            "### 英国政府与 IBM 将合作开展先进数字技术研究"
        );
        // A bracket that is no label of the heading stays.
        assert_eq!(
            without_heading_attributes("### 美国产业政策 [1]"),
            "### 美国产业政策 [1]"
        );
        assert_eq!(
            without_heading_attributes("### 2021 年计划 [1]"),
            "### 2021 年计划 [1]"
        );
    }

    #[test]
    fn a_pages_layout_divs_are_dropped() {
        // Seed 001's saved page through pandoc's CommonMark: the site's footer follows
        // the `</div>` that closed the comment form.
        let text = "<div role=\"main\">\n\n# 理解美国产业政策(万字长文)\n\n正文。\n\n\
                    送出\n\n</div>\n\n© 怡居 版權所有\n";
        let out = rewrite(text).expect("divs mark a converter's Markdown");
        assert!(!out.text.contains("div"), "{}", out.text);
        assert!(out.text.contains("# 理解美国产业政策(万字长文)\n"));
        // The footer keeps its own line of the file.
        let footer = out.text.lines().position(|l| l.contains('©')).unwrap();
        assert_eq!(out.lines[footer], 11);
        // A tag with text in it is content, not layout.
        assert!(!is_container_tag("<span>回應 : 0</span>"));
        assert!(is_container_tag("</div>"));
    }

    #[test]
    fn plain_text_is_left_alone() {
        // Seed 000 through pdftotext: no table rules, notes or escapes.
        let text = "一、质量要闻\n1.1 国家\nCNAS 召开第四届全体委员会第四次会议\n";
        assert!(rewrite(text).is_none());
        // Two stray backslashes are not a converter's Markdown.
        assert!(rewrite("路径 C:\\temp\\\"a\" 与 \\* 号\n").is_none());
        // Seed 003's notes keep its link texts' escapes in every converter's copy.
        let notes = "3 제 16 회 심의회의 결과(21.6.24). https://www.pacst.go.kr/jsp/council/councilPostView.jsp?post\\_id=2104&board\\_id=11&etc\\_cd1=COUN01#this\n\
                     9 内閣府：統合イノベーション戦略 2021. https://www8.cao.go.jp/cstp/tougosenryaku/togo2021\\_honbun.pdf\n";
        assert!(rewrite(notes).is_none());
        let wrapped_url = "https://www.pacst.go.kr/jsp/council/councilPostView.jsp?\n\
                           post\\_id=2104&board\\_id=11&etc\\_cd1=COUN01#this\n\
                           post\\_id=2104&board\\_id=11&etc\\_cd1=COUN01#this\n";
        assert!(rewrite(wrapped_url).is_none());
    }

    #[test]
    fn pipe_tables_become_tab_separated_rows() {
        // Seed 003's TOC and seed 000's first table as pandoc writes them in GFM.
        let text = "## 战略规划\n\n\
            |                                                |     |\n\
            |------------------------------------------------|-----|\n\
            | 日本发布半导体和数字产业发展战略               | 4   |\n\
            | 韩国制定《第五次国家标准基本计划 2021\\~2025》  | 7   |\n\
            \n\
            | 项目     | 2021 年一季 度(件) | 投诉比重 (%) |\n\
            |:---------|-------------------:|-------------:|\n\
            | 售后服务 | 90248              | 33.29        |\n";
        let r = rewrite(text).unwrap();
        let table = "项目\t2021 年一季 度(件)\t投诉比重 (%)\n售后服务\t90248\t33.29\n";
        assert_eq!(r.text, format!("{TOC_ROWS}\n{table}"));
        // An escaped bar stays in its cell; a lone bar is one empty cell, not a panic.
        assert_eq!(pipe_cells("| 中 \\| 美 | 4 |"), ["中 | 美", "4"]);
        assert_eq!(pipe_cells("|"), [""]);
        // Each line names the file's line it came from: the rules are gone.
        assert_eq!(r.lines, vec![1, 2, 5, 6, 7, 8, 10]);
    }

    #[test]
    fn a_bar_line_without_a_rule_is_text() {
        let text = "| 这不是表格 |\n[^1]: 注释\n";
        assert_eq!(
            rewritten(text),
            "| 这不是表格 |\n\n---\n\n<sup>1</sup> 注释\n"
        );
    }

    #[test]
    fn notes_are_marked_and_set_after_a_rule() {
        // Seed 003's first note, as pandoc writes it from the Word file.
        let text = "（S.1260）[^1]，旨在促进美国半导体\n\n\
            [^1]: S.1260 - United States Innovation and Competition Act of 2021. <https://www.congress.gov/bill/117th-congress/senate-bill/1260/text>\n";
        assert_eq!(
            rewritten(text),
            "（S.1260）<sup>1</sup>，旨在促进美国半导体\n\n\n---\n\n\
             <sup>1</sup> S.1260 - United States Innovation and Competition Act of 2021. <https://www.congress.gov/bill/117th-congress/senate-bill/1260/text>\n"
        );
    }

    #[test]
    fn escapes_and_hard_breaks_are_undone() {
        let text = "国家高端智库\\\n中国科学院\n\n\\- 《2021年美国创新与竞争法案》\n\n\\[1\\] 2021\\~2025\n";
        assert_eq!(
            rewritten(text),
            "国家高端智库\n中国科学院\n\n- 《2021年美国创新与竞争法案》\n\n[1] 2021~2025\n"
        );
    }

    #[test]
    fn html_tables_and_heading_attributes_are_read() {
        // Seed 003's TOC as CommonMark (no pipe tables) and PHP Markdown Extra write it.
        let text = "## 战略规划 {#战略规划}\n\n\
            <table>\n<colgroup>\n<col style=\"width: 50%\" />\n</colgroup>\n<tbody>\n\
            <tr class=\"odd\">\n<td>日本发布半导体和数字产业发展战略</td>\n<td>4</td>\n</tr>\n\
            <tr class=\"even\">\n<td\nclass=\"title\">韩国制定《第五次国家标准基本计划\n2021~2025》</td>\n\
            <td>7</td>\n</tr>\n</tbody>\n</table>\n";
        assert_eq!(rewritten(text), TOC_ROWS);
    }

    #[test]
    fn pandoc_quotes_are_curly_and_escaped_ones_straight() {
        // Seed 000's title and seed 002's prize line, as pandoc's Markdown writes them.
        let text = "刘卫军：\"一次认证、市场通行\"，畅通市场循环 \\...\\... 14\n\n\
                    \\\"标准助推\\'新质生产力\\'发展\\\"征文活动二等奖\n";
        assert_eq!(
            rewritten(text),
            "刘卫军：“一次认证、市场通行”，畅通市场循环 ...... 14\n\n\
             \"标准助推'新质生产力'发展\"征文活动二等奖\n"
        );
        // GitHub's Markdown keeps curly quotes: its straight ones stay straight.
        let gfm = "“法国制造”与 \"新质\"\n\n\\- 项\n\n\\- 项\n\n\\- 项\n";
        assert_eq!(
            rewritten(gfm),
            "“法国制造”与 \"新质\"\n\n- 项\n\n- 项\n\n- 项\n"
        );
    }
    #[test]
    fn wrapped_paragraphs_are_joined_where_the_converter_broke_them() {
        // Seed 002's abstract head and seed 003's first sentence, as pandoc wraps them
        // at 72 columns: only where there was a space.
        let text = "摘\n要:发展新质生产力是推动我国高质量发展的内在要求。\n\n\
            6 月 8 日，美国参议院以 68 票赞成、32 票反对的结果投票通过《2021\n\
            年美国创新与竞争法案》（S.1260）^1^，旨在促进美国半导体\\\n\
            国家高端智库\n\n\
            -   日本发布半导体和数字产业发展战略\n    （续）\n-   第二项\n";
        assert_eq!(
            rewritten(text),
            "摘 要:发展新质生产力是推动我国高质量发展的内在要求。\n\n\
             6 月 8 日，美国参议院以 68 票赞成、32 票反对的结果投票通过《2021 \
             年美国创新与竞争法案》（S.1260）<sup>1</sup>，旨在促进美国半导体\n\
             国家高端智库\n\n\
             -   日本发布半导体和数字产业发展战略 （续）\n-   第二项\n"
        );
    }

    #[test]
    fn lines_without_blank_lines_between_are_not_joined() {
        // Word's text export of seed 003 with a pipe table: a line a paragraph.
        let text = "日本发布半导体和数字产业发展战略\n6月4日,日本经济产业省发布了\n\
                    | 项目 | 比重 |\n|---|---|\n| 售后服务 | 33.29 |\n";
        assert_eq!(
            rewritten(text),
            "日本发布半导体和数字产业发展战略\n6月4日,日本经济产业省发布了\n\
             项目\t比重\n售后服务\t33.29\n"
        );
    }

    #[test]
    fn pandoc_multiline_and_simple_tables_become_rows() {
        // Seed 003's TOC as pandoc's Markdown writes a table of the Word file: rows
        // of several lines between blank lines, columns told by the rule's dashes.
        let text = "## 战略规划\n\n\
            \x20 ----------------------------------- -----------------------------------\n\
            \x20 日本发布半导体和数字产业发展战略    4\n\
            \n\
            \x20 韩国制定《第五次国家标准基本计划    7\n\
            \x20 2021\\~2025》                        \n\
            \x20 ----------------------------------- -----------------------------------\n\
            \n\
            \x20 项目       投诉比重 (%)\n\
            \x20 ---------- ------------\n\
            \x20 售后服务   33.29\n\
            \x20 合同       24.94\n\
            \n\
            正文。\n";
        let r = rewrite(text).unwrap();
        assert_eq!(
            r.text,
            TOC_ROWS.to_string()
                + "\n项目\t投诉比重 (%)\n\
             售后服务\t33.29\n\
             合同\t24.94\n\
             \n\
             正文。\n"
        );
        assert_eq!(r.lines, vec![1, 2, 4, 6, 9, 10, 12, 13, 14, 15]);
        // A lone rule of dashes is a rule, not a table.
        assert!(dash_table(&["", "-----", "文字"], 1).is_none());
    }
}
