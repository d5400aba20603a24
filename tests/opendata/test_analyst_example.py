"""The pandas example of the analysts' guide (docs/analysts.md), run as written against the
seed content (saved as an analyst would download it)."""

import re

import pytest

from ..helpers.environment import ROOT

pytestmark = pytest.mark.django_db

GUIDE = ROOT / "docs" / "analysts.md"


def guide_example():
    text = GUIDE.read_text()
    section = text[text.index("### Reading the CSV through the data package with pandas") :]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)


def test_the_analysts_guide_pandas_example_sums_one_level_at_a_time(seeded, client, tmp_path):
    for name in ("datapackage.json", "snapshots.csv"):
        response = client.get(f"/en/data/{name}")
        content = b"".join(response.streaming_content) if response.streaming else response.content
        (tmp_path / name).write_bytes(content)
    code = guide_example().replace(
        'base = "https://peace.example.ca/en/data/"', f'base = "{tmp_path.as_uri()}/"'
    )
    assert code != guide_example()
    namespace = {}
    exec(compile(code, "docs/analysts.md", "exec"), namespace)
    df, caps = namespace["df"], namespace["caps"]
    assert len(df) == 11
    assert str(df["as_of"].dtype).startswith("datetime64")
    assert str(df["authorized"].dtype) == "Int64"
    assert df["mission"].isna().sum() == (df["level"] == "region").sum()
    by_date = {(region, as_of.date().isoformat()): total for (region, as_of), total in caps.items()}
    assert by_date == {
        ("caribbean-region", "2024-04-01"): 48,
        ("colombia", "2017-10-16"): 10,
        ("democratic-republic-of-the-congo", "2024-04-01"): 25,
        ("ukraine", "2024-04-01"): 45,
        ("west-bank", "2017-10-16"): 5,
        ("west-bank", "2024-04-01"): 12,
    }
