"""The command line's outputs on the fixtures are those in tests/golden/ (tools/golden.py says how
they are compared: byte for byte, Office files member by member without their timestamps).

A restructuring must not change a figure; a change MEANT to alter an output rewrites the golden files
with `python tools/golden.py` and shows the difference in review."""

from __future__ import annotations

import difflib

from tools import golden


def test_outputs_are_the_golden_ones(tmp_path):
    for argv, code in golden.run_all(tmp_path):
        assert code == 0, argv
    got = golden.outputs(tmp_path)
    want = {p.name: p.read_bytes() for p in sorted(golden.GOLDEN.iterdir())}
    assert sorted(got) == sorted(want)
    for name, body in want.items():
        if got[name] != body:
            diff = difflib.unified_diff(
                body.decode(errors="replace").splitlines(), got[name].decode(errors="replace").splitlines(), lineterm=""
            )
            raise AssertionError(f"{name} differs from tests/golden/{name}:\n" + "\n".join(list(diff)[:40]))


def test_normalising_removes_only_the_clock(tmp_path):
    """Two writes a second apart differ only where the clock is; the comparison must see a change
    anywhere else."""
    import zipfile

    def office(path, stamp, text):
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("docProps/core.xml", f"<x><dcterms:created a='b'>{stamp}</dcterms:created></x>")
            z.writestr("xl/sheet1.xml", text)

    office(tmp_path / "a.xlsx", "2026-01-01T00:00:00Z", "<v>1</v>")
    office(tmp_path / "b.xlsx", "2026-12-31T23:59:59Z", "<v>1</v>")
    office(tmp_path / "c.xlsx", "2026-01-01T00:00:00Z", "<v>2</v>")
    a, b, c = (golden.normalised(tmp_path / f"{n}.xlsx") for n in "abc")
    assert a == b
    assert a != c
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.3\n/CreationDate (D:20261130185350Z)\n1 0 obj")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.3\n/CreationDate (D:20270101000000Z)\n1 0 obj")
    assert golden.normalised(tmp_path / "a.pdf") == golden.normalised(tmp_path / "b.pdf")
