"""Charts show their values without hovering, carry a real accessible name and do not clip labels."""

import re

from asnportal import charts


def test_bar_chart_has_values_in_its_accessible_name():
    svg = str(charts.bar_chart(["Sangat Baik", "Baik"], [3, 12], title="Distribusi predikat"))
    label = re.search(r'aria-label="([^"]*)"', svg).group(1)
    assert label == "Distribusi predikat. Sangat Baik: 3; Baik: 12"
    assert ">12</text>" in svg  # the value is printed at the end of the bar


def test_bar_chart_without_title_still_has_a_name():
    svg = str(charts.bar_chart(["A"], [1]))
    assert 'aria-label="A: 1"' in svg


def test_long_labels_are_shortened_not_clipped_and_kept_in_full():
    panjang = "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bungo Provinsi Jambi"
    svg = str(charts.bar_chart([panjang], [5]))
    assert f"<title>{panjang}</title>" in svg and "…" in svg
    shown = re.search(r"</title>([^<]*)</text>", svg).group(1)
    assert len(shown) * 7 <= 260  # fits the label column (7 px per character at 12 px)


def test_trend_columns_print_their_values():
    svg = str(charts.column_chart(["T1", "T2", "T3"], {"Nilai IKM": [82.5, 0, 90]}, max_value=100))
    assert ">82,50</text>" in svg and ">90</text>" in svg  # readable without hover, Indonesian decimals
    assert "Nilai IKM: T1 82,50, T2 0, T3 90" in svg
    many = str(charts.column_chart([str(i) for i in range(40)], {"x": list(range(40))}))
    assert 'font-size="10"' not in many  # 40 columns: no value labels cluttering the axis
    assert str(svg).count('font-size="10"') == 2  # one label per non-zero column
