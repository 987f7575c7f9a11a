#!/usr/bin/env python3
"""Reads the calendars interop_ical_test wrote with an independent parser
(python3-icalendar) and checks them against the .expected.json beside them:
every line CRLF-terminated and at most 75 octets, the required properties, and
the values a calendar client would show."""

import json
import pathlib
import sys

import icalendar


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def as_text(value):
    if hasattr(value, "dt"):
        return value.dt.isoformat()
    return str(value)


def main(directory):
    files = sorted(pathlib.Path(directory).glob("*.ics"))
    if not files:
        fail(f"no calendars in {directory}: run interop_ical_test first")
    for path in files:
        data = path.read_bytes()
        for number, line in enumerate(data.split(b"\r\n")[:-1], start=1):
            if len(line) > 75:
                fail(f"{path.name}:{number}: {len(line)} octets")
            if b"\n" in line or b"\r" in line:
                fail(f"{path.name}:{number}: a bare line break")
        if not data.endswith(b"\r\n"):
            fail(f"{path.name}: does not end with CRLF")
        calendar = icalendar.Calendar.from_ical(data)
        for key in ("VERSION", "PRODID"):
            if key not in calendar:
                fail(f"{path.name}: no {key}")
        events = [c for c in calendar.walk() if c.name == "VEVENT"]
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        if len(events) != len(expected):
            fail(f"{path.name}: {len(events)} events, expected {len(expected)}")
        for event, want in zip(events, expected):
            for key in ("UID", "DTSTAMP", "DTSTART"):
                if key not in event:
                    fail(f"{path.name}: an event has no {key}")
            got = {
                "uid": str(event["UID"]),
                "summary": str(event["SUMMARY"]),
                "dtstart": as_text(event["DTSTART"]),
                "dtend": as_text(event["DTEND"]),
                "description": str(event.get("DESCRIPTION", "")),
                "location": str(event.get("LOCATION", "")),
            }
            for key, value in want.items():
                if got[key] != value:
                    fail(f"{path.name}: {key} is {got[key]!r}, expected {value!r}")
        print(f"ok {path.name}: {len(events)} event(s)")


if __name__ == "__main__":
    main(sys.argv[1])
