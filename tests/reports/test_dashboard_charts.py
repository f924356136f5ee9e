"""The server-rendered bar charts: well-formed SVG, an image for assistive technology with a
title and a description, one bar per row (not the total) as long as its value allows, labels
escaped and long ones cut."""

import xml.etree.ElementTree as ET

from reports.charts import ChartedTable, bar_chart
from reports.tables import SHARE, Column, Row, Share, Table

SVG = "{http://www.w3.org/2000/svg}"


def _table(rows, **values):
    return ChartedTable(
        slug="test",
        title="Meldingen per bron",
        label_column="Bron",
        columns=[Column("Meldingen"), Column("Aandeel (%)", SHARE)],
        rows=rows,
        total=Row("Totaal", [40, Share(40, 40)]),
        **values,
    )


def _svg(table):
    return ET.fromstring(str(bar_chart(table)))


def test_an_accessible_image_with_title_and_description():
    svg = _svg(_table([Row("ouder", [30, Share(30, 40)]), Row("loket", [10, Share(10, 40)])]))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "chart-test-title chart-test-desc"
    assert svg.find(f"{SVG}title").text == "Meldingen per bron"
    assert svg.find(f"{SVG}title").get("id") == "chart-test-title"
    assert svg.find(f"{SVG}desc").text == "Meldingen: ouder: 30; loket: 10"


def test_one_bar_per_row_in_proportion_and_the_total_is_not_drawn():
    svg = _svg(_table([Row("ouder", [30, None]), Row("loket", [15, None]), Row("bv", [0, None])]))
    widths = [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]
    assert len(widths) == 3
    assert widths[0] > 0
    assert widths[1] == widths[0] / 2
    assert widths[2] == 0
    texts = [text.text for text in svg.iter(f"{SVG}text")]
    assert texts == ["ouder", "30", "loket", "15", "bv", "0"]
    assert "Totaal" not in texts


def test_the_chart_column_and_its_formatting():
    table = _table(
        [Row("ouder", [3000, Share(3, 4)]), Row("loket", [1000, Share(1, 4)])], chart_column=1
    )
    texts = [text.text for text in _svg(table).iter(f"{SVG}text")]
    assert texts == ["ouder", "75,0", "loket", "25,0"]


def test_labels_are_escaped_and_long_ones_cut():
    long_label = "P1 – " + "Deelnemen aan het overleg van het lokaal loket " * 3
    svg_text = str(bar_chart(_table([Row("<b>&</b>", [1, None]), Row(long_label, [2, None])])))
    assert "<b>" not in svg_text
    svg = ET.fromstring(svg_text)
    labels = [text.text for text in svg.iter(f"{SVG}text")][::2]
    assert labels[0] == "<b>&</b>"
    assert labels[1].endswith("…")
    assert len(labels[1]) <= 34
    assert long_label.strip() in svg.find(f"{SVG}desc").text


def test_no_chart_without_rows_or_for_a_plain_table():
    assert bar_chart(_table([])) == ""
    plain = Table(
        slug="plain", title="t", label_column="l", columns=[Column("c")], rows=[Row("a", [1])]
    )
    assert bar_chart(plain) == ""
