//! The status trend on a workstream's page, laid out as an inline SVG: one column per
//! period, one row per status (overall, time, cost), a lettered circle per point.

use highlight_app::board::Trend;
use serde::Serialize;

use super::tone_class;

const LEFT: i32 = 90;
const STEP: i32 = 70;
const ROW: i32 = 40;
const TOP: i32 = 40;

#[derive(Debug, Clone, Serialize)]
pub struct TrendSvg {
    pub width: i32,
    pub height: i32,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub x: i32,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub label: String,
    pub label_y: i32,
    pub points: Vec<Point>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub cx: i32,
    pub cy: i32,
    pub text_y: i32,
    pub letter: String,
    pub class: &'static str,
    pub title: String,
}

fn step(i: usize) -> i32 {
    i32::try_from(i).unwrap_or(i32::MAX / STEP / 2)
}

pub fn layout(trend: &Trend) -> TrendSvg {
    let columns: Vec<Column> = trend
        .columns
        .iter()
        .enumerate()
        .map(|(i, label)| Column {
            x: LEFT + STEP * step(i) + STEP / 2,
            label: label.clone(),
        })
        .collect();
    let rows = trend
        .rows
        .iter()
        .enumerate()
        .map(|(ri, row)| {
            let y = TOP + ROW * step(ri);
            Row {
                label: row.label.clone(),
                label_y: y + 5,
                points: row
                    .points
                    .iter()
                    .zip(&columns)
                    .map(|(p, col)| Point {
                        cx: col.x,
                        cy: y,
                        text_y: y + 5,
                        letter: p.letter.clone(),
                        class: tone_class(p.tone),
                        title: p.title.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    TrendSvg {
        width: LEFT + STEP * step(trend.columns.len().max(1)) + 10,
        height: TOP + ROW * step(trend.rows.len()),
        columns,
        rows,
    }
}
