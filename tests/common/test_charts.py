from xml.etree import ElementTree

from walkout.common.charts import bar_chart, column_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 -- our own chart markup, built in the test


def test_bar_chart_is_labelled_and_proportional():
    svg = bar_chart([("Arizona", 2), ("Texas", 4)], key="st", title="By state", description="D")

    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "st-title st-desc"
    assert root.find(f"{SVG}title").text == "By state"
    assert root.find(f"{SVG}desc").text == "D"
    bars = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert bars[1] == 2 * bars[0]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["Arizona", "2", "Texas", "4"]
    assert "style=" not in svg


def test_chart_text_is_escaped():
    svg = bar_chart([("<script>x</script>", 1)], key="k", title="<b>", description="&")

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    parse(svg)  # still well-formed


def test_zero_values_draw_empty_bars():
    root = parse(bar_chart([("A", 0)], key="k", title="t", description="d"))

    assert [rect.get("width") for rect in root.iter(f"{SVG}rect")] == ["0"]


def test_column_chart_labels_first_last_and_top():
    svg = column_chart(
        [("Mar 2", 4), ("Mar 3", 0), ("Mar 4", 2)], key="r", title="Per day", description="d"
    )

    root = parse(svg)
    heights = [float(rect.get("height")) for rect in root.iter(f"{SVG}rect")]
    assert heights[1] == 0
    assert heights[0] == 2 * heights[2]
    assert [t.text for t in root.iter(f"{SVG}text")] == ["4", "0", "Mar 2", "Mar 4"]


def test_long_labels_widen_the_label_column():
    short = parse(bar_chart([("Approved", 3)], key="k", title="t", description="d"))
    long = parse(
        bar_chart([("America/Indiana/Indianapolis", 3)], key="k", title="t", description="d")
    )

    assert [r.get("x") for r in short.iter(f"{SVG}rect")] == ["150"]
    assert [r.get("x") for r in long.iter(f"{SVG}rect")] == ["348"]
