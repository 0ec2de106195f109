//! Terminal or pipe: readable, aligned and coloured output on a terminal; plain text or JSON
//! lines when piped. Colours go through `anstream`, which drops them when the stream is not a
//! terminal or `NO_COLOR` is set.

use std::io::{self, IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anstyle::{AnsiColor, Style};

/// Bold, for headings and the value a command is run for.
pub const BOLD: Style = Style::new().bold();
/// Dimmed, for labels.
pub const DIM: Style = Style::new().dimmed();
/// Green, for success.
pub const GREEN: Style = AnsiColor::Green.on_default();
/// Yellow, for warnings and unusual values.
pub const YELLOW: Style = AnsiColor::Yellow.on_default();
/// Red and bold, for errors.
pub const RED: Style = AnsiColor::Red.on_default().bold();
/// Cyan, for kinds.
pub const CYAN: Style = AnsiColor::Cyan.on_default();

/// Where a command writes and how.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    json: bool,
    stdout_terminal: bool,
    stderr_terminal: bool,
}

impl Output {
    /// Output for a command run with (or without) `--json`.
    pub fn new(json: bool) -> Self {
        Output {
            json,
            stdout_terminal: io::stdout().is_terminal(),
            stderr_terminal: io::stderr().is_terminal(),
        }
    }

    /// Whether to write JSON (asked for with `--json`).
    pub fn json(&self) -> bool {
        self.json
    }

    /// Whether to write for a person: stdout is a terminal and no JSON was asked for.
    pub fn readable(&self) -> bool {
        !self.json && self.stdout_terminal
    }

    /// Writes one line to stdout. A closed pipe (`| head -1`) ends the output quietly.
    pub fn line(&self, text: &str) {
        let mut out = anstream::stdout().lock();
        if let Err(e) = writeln!(out, "{text}")
            && e.kind() != io::ErrorKind::BrokenPipe
        {
            eprintln!("waba: cannot write to stdout: {e}");
        }
    }

    /// Writes a JSON value as one line to stdout.
    pub fn json_line(&self, value: &serde_json::Value) {
        self.line(&value.to_string());
    }

    /// A warning on stderr.
    pub fn warn(&self, text: &str) {
        let _ = writeln!(
            anstream::stderr().lock(),
            "{YELLOW}warning:{YELLOW:#} {text}"
        );
    }

    /// Writes rows of styled cells under a bold header, each column as wide as its widest
    /// cell (widths counted on the text, before styles).
    pub fn table(&self, header: &[&str], rows: &[Vec<(String, Style)>]) {
        let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for row in rows {
            for (i, (cell, _)) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let line = |cells: &[(&str, Style)]| {
            let mut text = String::new();
            for (i, (cell, style)) in cells.iter().enumerate() {
                text.push_str(&format!("{style}{cell}{style:#}"));
                if i + 1 < cells.len() {
                    let pad = widths[i] - cell.chars().count();
                    text.push_str(&" ".repeat(pad + 2));
                }
            }
            text.trim_end().to_string()
        };
        let header: Vec<(&str, Style)> = header.iter().map(|h| (*h, BOLD)).collect();
        self.line(&line(&header));
        for row in rows {
            let cells: Vec<(&str, Style)> = row.iter().map(|(c, s)| (c.as_str(), *s)).collect();
            self.line(&line(&cells));
        }
    }

    /// Shows `what` with the seconds waited on stderr once a wait passes a second, when
    /// stderr is a terminal; the line is cleared when the returned guard is dropped. Needs a
    /// tokio runtime.
    pub fn progress(&self, what: &str) -> Progress {
        if !self.stderr_terminal {
            return Progress {
                task: None,
                shown: Arc::default(),
            };
        }
        let shown = Arc::new(AtomicBool::new(false));
        let flag = shown.clone();
        let what = what.to_string();
        let task = tokio::spawn(async move {
            let start = Instant::now();
            tokio::time::sleep(Duration::from_secs(1)).await;
            let frames = ['|', '/', '-', '\\'];
            for frame in frames.iter().cycle() {
                flag.store(true, Ordering::SeqCst);
                let seconds = start.elapsed().as_secs();
                let _ = write!(
                    anstream::stderr().lock(),
                    "\r{DIM}{frame} {what} ({seconds}s){DIM:#}"
                );
                tokio::time::sleep(Duration::from_millis(120)).await;
            }
        });
        Progress {
            task: Some(task),
            shown,
        }
    }
}

/// A progress line on stderr; cleared when dropped.
#[derive(Debug)]
pub struct Progress {
    task: Option<tokio::task::JoinHandle<()>>,
    shown: Arc<AtomicBool>,
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
        if self.shown.load(Ordering::SeqCst) {
            // Carriage return and "erase line" (written raw: it is no colour).
            let _ = write!(io::stderr(), "\r\x1b[2K");
        }
    }
}
