#!/usr/bin/env python3
"""Drives the real Spanwright window with xdotool, as a person would, and
checks what it wrote to disk. run.sh starts the X server and calls this.

The window tells where it placed things through SPANWRIGHT_PROBE (see
src/gui/probe.rs): this script reads that file to know where to click, and
waits on it (with bounded polls) to know that a click or key was applied.
"""

import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "assets" / "sample-corpus"
BINARY = Path(
    os.environ.get(
        "SPANWRIGHT_BIN",
        Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "debug" / "spanwright",
    )
)
SHOTS = Path(os.environ.get("SPANWRIGHT_SHOTS", tempfile.mkdtemp(prefix="spanwright-shots-")))
PHRASES = ["Albania", "Prime Minister", "Giorgia Meloni"]
WAIT = 60.0

checks = []


class Failure(Exception):
    pass


def check(what, ok, detail=""):
    checks.append((what, ok))
    print(("ok   " if ok else "FAIL ") + what + (f": {detail}" if detail and not ok else ""), flush=True)
    if not ok:
        raise Failure(what)


def xdotool(*args):
    return subprocess.run(["xdotool", *map(str, args)], check=True, capture_output=True, text=True).stdout


def screenshot(name):
    path = SHOTS / f"{name}.png"
    subprocess.run(["import", "-window", "root", str(path)], check=False, capture_output=True)
    print(f"     screenshot {path}", flush=True)


class Window:
    """One run of the binary with its own HOME."""

    def __init__(self, home, name):
        self.home = home
        self.name = name
        self.probe = home / "probe.json"
        env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
        env.update(
            HOME=str(home),
            SPANWRIGHT_PROBE=str(self.probe),
            SPANWRIGHT_PROBE_TEXT="|".join(PHRASES),
        )
        self.log = open(home / "window.log", "w")
        self.process = subprocess.Popen([str(BINARY)], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.window = self.wait_for("its window", self.find_window)
        # Xvfb has no window manager: nothing gives the window the keyboard
        # (on a desktop, showing or clicking the window does).
        self.state = self.wait_for("the window to have the keyboard", self.focus)
        # The input method (XIM) comes up as the window takes the keyboard;
        # keys typed in that moment can land out of order.
        time.sleep(1.0)

    def focus(self):
        xdotool("windowfocus", self.window)
        time.sleep(0.2)
        state = self.read_probe()
        return state if state and state.get("window_focused") else None

    def find_window(self):
        if self.process.poll() is not None:
            raise Failure(f"the window exited early with {self.process.returncode}; see {self.log.name}")
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--pid", str(self.process.pid)], capture_output=True, text=True
        )
        ids = found.stdout.split()
        return ids[0] if ids else None

    def read_probe(self):
        try:
            return json.loads(self.probe.read_text())
        except (OSError, ValueError):
            return None

    def wait_for(self, what, probe, seconds=WAIT):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = probe()
            if value:
                return value
            time.sleep(0.1)
        screenshot(f"{self.name}-timeout")
        raise Failure(f"{self.name}: gave up after {seconds:.0f} s waiting for {what}")

    def until(self, what, condition):
        """Waits until the window's state satisfies `condition`."""

        def holds():
            state = self.read_probe()
            if state and condition(state):
                self.state = state
                return state
            return None

        return self.wait_for(what, holds)

    def centre(self, kind, name):
        state = self.until(f"{name} on screen", lambda s: name in s[kind])
        x0, y0, x1, y1 = state[kind][name]
        return (x0 + x1) / 2, (y0 + y1) / 2, state[kind][name]

    def move(self, x, y):
        xdotool("mousemove", "--window", self.window, round(x), round(y))
        time.sleep(0.1)

    def click(self, x, y, count=1):
        self.move(x, y)
        xdotool("click", "--repeat", count, "--delay", 80, 1)

    def holds_soon(self, condition, seconds=3):
        """Whether the window's state satisfies `condition` within `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            state = self.read_probe()
            if state and condition(state):
                self.state = state
                return True
            time.sleep(0.1)
        return False

    def double_click(self, x, y, condition):
        """egui counts a double click by frame times: on a slow machine
        (a debug build on a software renderer) two clicks in consecutive
        frames can be more than its 0.3 s apart, so a miss is said and tried
        again, at most three times."""
        for attempt in range(3):
            self.move(x, y)
            xdotool("click", "--repeat", 2, "--delay", 10, 1)
            if self.holds_soon(condition):
                return
            print(f"     double click {attempt + 1} was not taken as one (slow frames); again", flush=True)
            self.key("Escape")
        raise Failure("a double click never selected the word")

    def steady_centre(self, kind, name):
        """Where `name` is once it has stopped moving: a new relation's lane
        pushes the rows below it down a frame or two after the edit."""
        last = None
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            found = self.centre(kind, name)
            if last is not None and found[2] == last[2]:
                return found
            last = found
            time.sleep(0.3)
        raise Failure(f"{name} never stopped moving")

    def click_until(self, kind, name, condition, what):
        """Clicks `name` where it is now; a click that met a row still
        moving is said and tried again, at most three times."""
        for attempt in range(3):
            x, y, _ = self.steady_centre(kind, name)
            self.click(x, y)
            if self.holds_soon(condition):
                return
            print(f"     click {attempt + 1} on {name} did not {what}; again", flush=True)
        screenshot(f"{self.name}-click-missed")
        raise Failure(f"clicking {name} never did {what}")

    def drag(self, x0, y, x1):
        self.move(x0, y)
        xdotool("mousedown", 1)
        steps = 8
        for i in range(1, steps + 1):
            self.move(x0 + (x1 - x0) * i / steps, y)
        xdotool("mouseup", 1)

    def key(self, *keys):
        for key in keys:
            xdotool("key", "--delay", 50, key)

    def type(self, text):
        xdotool("type", "--delay", 50, text)

    def quit(self):
        self.key("ctrl+q")
        try:
            code = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            screenshot(f"{self.name}-no-quit")
            self.process.kill()
            raise Failure(f"{self.name}: Ctrl+Q did not close the window within 30 s")
        check(f"{self.name}: Ctrl+Q closed the window (exit {code})", code == 0)

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()


def selected(kind, label=None, text=None):
    def condition(state):
        s = state.get("selected") or {}
        return s.get("kind") == kind and label in (None, s.get("label")) and text in (None, s.get("text"))

    return condition


def corpus(home):
    return home / ".local" / "share" / "spanwright" / "sample-corpus"


def settings(home):
    return json.loads((home / ".config" / "spanwright" / "settings.json").read_text())


def changed_files(home):
    """Files of the installed corpus that differ from the bundled sample;
    a running window's lock files (`.lock`) aside."""
    root = corpus(home)
    changed = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root)
        if path.name == ".lock":
            print(f"     (lock file left: {relative})", flush=True)
            continue
        original = SAMPLE / relative
        if not original.is_file() or not filecmp.cmp(path, original, shallow=False):
            changed.append(str(relative))
    missing = [str(p.relative_to(SAMPLE)) for p in SAMPLE.rglob("*") if p.is_file() and not (root / p.relative_to(SAMPLE)).is_file()]
    return changed, missing


def pick_by_clicking(work):
    home = work / "click"
    home.mkdir()
    window = Window(home, "first start, click")
    try:
        window.until("the annotator dialog", lambda s: s["dialog_open"] and s["annotator"] is None)
        screenshot("click-dialog")
        x, y, _ = window.centre("widgets", "annotator:alice")
        window.click(x, y)
        window.until("alice to be annotating", lambda s: s["annotator"] == "alice" and not s["dialog_open"])
        check("first start: clicking alice in “Who is annotating?” starts annotating as alice", True)
        screenshot("click-alice")
        window.quit()
    finally:
        window.stop()
    check("settings remember alice", settings(home).get("annotator") == "alice", str(settings(home)))
    changed, missing = changed_files(home)
    # The built-in recommender stores what it suggests for the shown
    # document, as imported predictions are stored; annotations are untouched.
    model = "suggestions/spanwright-tagger/"
    changed = [c for c in changed if not c.startswith(model)]
    check("a visit as alice changed no annotation file", not changed and not missing, f"changed {changed}, missing {missing}")


def annotate_after_typing_a_name(work):
    home = work / "typed"
    home.mkdir()
    window = Window(home, "first start, typed")
    try:
        window.until("the annotator dialog", lambda s: s["dialog_open"])
        # The dialog gives its name field the keyboard.
        window.until("the name field to have the keyboard", lambda s: s["typing"])
        # One letter at a time, each seen in the field before the next.
        for n, letter in enumerate("tester", start=1):
            window.type(letter)
            window.until(f"“{'tester'[:n]}” in the name field", lambda s, n=n: s["annotator_draft"] == "tester"[:n])
        window.key("Return")
        window.until("tester to be annotating", lambda s: s["annotator"] == "tester" and not s["dialog_open"])
        check("first start: typing a name and Enter starts annotating", True)

        x, y, _ = window.centre("text", "Albania")
        window.double_click(x, y, selected("text", text="Albania"))
        window.key("c")
        window.until("Albania to become a COUNTRY", selected("entity", "COUNTRY", "Albania"))
        check("double-click a word, press c: a COUNTRY entity", True)

        for phrase, key, label in [("Prime Minister", "t", "ROLE"), ("Giorgia Meloni", "p", "PERSON")]:
            _, y, (x0, _, x1, _) = window.centre("text", phrase)
            window.drag(x0 + 2, y, x1 - 2)
            window.until(f"“{phrase}” to be selected", selected("text", text=phrase))
            window.key(key)
            window.until(f"“{phrase}” to become {label}", selected("entity", label, phrase))
            check(f"drag over “{phrase}”, press {key}: a {label} entity", True)
        screenshot("typed-entities")

        # The selected entity (Meloni) is the head; R, then click the tail.
        window.key("r")
        x, y, _ = window.centre("text", "Prime Minister")
        window.click(x, y)
        window.until("the relation to be made", selected("relation", "HOLDS_ROLE"))
        check("R, then click another entity: a HOLDS_ROLE relation", True)

        # A note on Meloni: click her, click the note field, type.
        window.click_until("text", "Giorgia Meloni", selected("entity", "PERSON", "Giorgia Meloni"), "select Meloni")
        window.click_until("widgets", "note", lambda s: s["typing"], "give the note field the keyboard")
        note = "met in Rome"
        for n in range(1, len(note) + 1):
            window.type(note[n - 1])
            window.until(f"“{note[:n]}” in the note field", lambda s, n=n: s["note_draft"] == note[:n])
        check("click the note field and type: the note is a draft", True)
        window.key("ctrl+Next")
        window.until("the next document", lambda s: s["document"] == "border-summit-preview.txt")
        check("Ctrl+PageDown shows the next document", True)
        window.quit()
    finally:
        window.stop()

    check("settings remember tester", settings(home).get("annotator") == "tester", str(settings(home)))
    changed, missing = changed_files(home)
    saved = "annotations/tester/albania-centres.txt.json"
    # Earlier versions of a saved file, the text it was made on, the save's
    # lock file beside it and the recommender's suggestions are kept.
    kept = (
        "annotations/tester/.history/albania-centres.txt/",
        "annotations/.texts/",
        "annotations/tester/.albania-centres.txt.json.lock",
        "suggestions/spanwright-tagger/",
    )
    history = [c for c in changed if c.startswith(kept)]
    print(f"     history kept: {len(history)} files", flush=True)
    written = [c for c in changed if c not in history]
    check("only tester's file for the edited document was written", written == [saved] and not missing, f"written {written}, missing {missing}")
    data = json.loads((corpus(home) / saved).read_text())
    entities = {(e["label"], e["text"]): e for e in data["entities"]}
    check(
        "the file holds the three entities with their text",
        set(entities) == {("COUNTRY", "Albania"), ("ROLE", "Prime Minister"), ("PERSON", "Giorgia Meloni")},
        str(sorted(entities)),
    )
    text = (corpus(home) / "albania-centres.txt").read_text(encoding="utf-8-sig")
    for (label, quoted), entity in entities.items():
        check(f"{label} offsets point at “{quoted}”", text[entity["start"] : entity["end"]] == quoted, str(entity))
    person = entities.get(("PERSON", "Giorgia Meloni"), {})
    role = entities.get(("ROLE", "Prime Minister"), {})
    relations = [(r["label"], r["head"], r["tail"]) for r in data["relations"]]
    check(
        "the relation links Meloni to Prime Minister",
        relations == [("HOLDS_ROLE", person.get("id"), role.get("id"))],
        str(relations),
    )
    check("the file names tester as its annotator", data.get("annotator") == "tester", str(data.get("annotator")))
    check("Meloni's note was saved", person.get("note") == "met in Rome", str(person))


def main():
    if not BINARY.is_file():
        print(f"no binary at {BINARY}: build it first (cargo build)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="spanwright-real-window-"))
    print(f"real window: {BINARY}, screenshots in {SHOTS}", flush=True)
    try:
        pick_by_clicking(work)
        annotate_after_typing_a_name(work)
    except (Failure, subprocess.CalledProcessError, OSError, ValueError, KeyError) as failure:
        if not checks or checks[-1][1]:
            checks.append((str(failure), False))
        print(f"real window test failed: {failure}", file=sys.stderr)
        for log in work.rglob("window.log"):
            print(f"--- {log}\n{log.read_text()[-4000:]}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    passed = sum(ok for _, ok in checks)
    failed = len(checks) - passed
    print(f"real_window: {passed} passed, {failed} failed")
    return 0 if checks and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
