#!/usr/bin/env python3
"""How long the quick Positive Health check takes a slow reader on a phone.

Counts every character a resident reads on the way (title, intro, each
question with its end labels, the "finished" screen) in the shipped file and
turns it into time for two readers: "typical" (500 Japanese characters a
minute, 5 s to settle on each 0-10 answer) and "slow" (300 characters a
minute, 8 s per answer: an older reader taking their time); 1.5 s per
tap/screen change for both. The
questions work on the device (no network between screens), so the signal does
not add to it. Usage: scripts/bench-quick-check.py [questionnaire.json]
"""
import json
import sys

PROFILES = [("typical", 500, 5.0), ("slow", 300, 8.0)]
TAP_S = 1.5
FINISH_TEXT = "おつかれさまでした。結果を見る"  # the finished screen and its button

path = sys.argv[1] if len(sys.argv) > 1 else "app/questionnaires/positive-health-quick.json"
q = json.load(open(path, encoding="utf-8"))
chars = len(q["title"]["ja"]) + len(q["intro"]["ja"])
questions = 0
for s in q["sections"]:
    chars += len(s["title"]["ja"])
    for item in s["items"]:
        questions += 1
        chars += len(item["text"]["ja"])
        a = item["answer"]
        for key in ("min_label", "max_label"):
            if key in a:
                chars += len(a[key]["ja"])
        for opt in a.get("options", []):
            chars += len(opt["label"]["ja"])
chars += len(FINISH_TEXT)
print(f"{q['id']}: {questions} questions, {chars} characters to read")
for name, per_min, decide in PROFILES:
    reading = chars / per_min * 60
    deciding = questions * decide
    tapping = (questions + 2) * TAP_S  # start, each answer, see result
    total = reading + deciding + tapping
    print(f"  {name:8} reading {reading:.0f} s + deciding {deciding:.0f} s + tapping {tapping:.0f} s = {total:.0f} s ({total / 60:.1f} min)")
