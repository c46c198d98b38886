"""Mark every Bootstrap icon in the templates aria-hidden="true" (decorative: the text beside it says the same).

Idempotent. Re-run after merging branches that add icons: `python scripts/icons_aria_hidden.py`; the test
tests/test_template_comments.py::test_icons_are_hidden_from_screen_readers fails until it is run.
"""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICON = re.compile(r'<i class="(bi[^"]*)"(?![^>]*aria-hidden)')


def main() -> int:
    files = subprocess.run(
        ["git", "ls-files", "*.html"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    changed = 0
    for name in files:
        path = ROOT / name
        text = path.read_text(encoding="utf-8")
        new = ICON.sub(r'<i class="\1" aria-hidden="true"', text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    print(f"{changed} template(s) changed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
