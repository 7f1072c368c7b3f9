"""Reads a TextGrid export as the `textgrid` package (kylebgorman/textgrid) does, with Praat's interval tier rules.

Ports kylebgorman/textgrid, textgrid/textgrid.py: detectEncoding, parse_header, parse_line, _getMark, Interval
(raises on minTime >= maxTime), IntervalTier.addInterval (raises on an interval before the tier's xmin or after its
xmax, on one equal to another and, strict, on overlapping ones), TextGrid.append (raises on a tier ending after the
grid) and TextGrid.read (long and short text formats; times rounded to 5 digits; zero-length intervals skipped).
Praat itself (and praatio's validation) also requires an interval tier's intervals to tile it: the first starts at
the tier's xmin, each next where the previous ended, the last ends at its xmax. That is checked on the file's
intervals as written, before the package skips any.

Usage: textgrid.py <folder>. Prints {"<path>.TextGrid": {"xmin", "xmax", "tiers": [{"name", "intervals":
[[xmin, xmax, text], ...]}], "audio": [files of the same stem beside it]}}.
"""
import codecs
import json
import re
import sys
from pathlib import Path

DEFAULT_TEXTGRID_PRECISION = 5


class TextGridError(Exception):
    pass


def _getMark(text, short):
    line = text.readline()
    if not short and not re.match(r'^\s*(text|mark) = "', line):
        raise ValueError("Bad entry: " + line)
    while line.count('"') % 2:
        next_line = text.readline()
        if not next_line:
            raise EOFError("Bad entry: " + line[:20] + "...")
        line += next_line
    if short:
        pattern = r'^"(.*?)"\s*$'
    else:
        pattern = r'^\s*(text|mark) = "(.*?)"\s*$'
    entry = re.match(pattern, line, re.DOTALL)
    return entry.groups()[-1].replace('""', '"')


def detectEncoding(f):
    encoding = "ascii"
    try:
        with codecs.open(f, "r", encoding="utf-16") as source:
            source.readline()
    except UnicodeError:
        try:
            with codecs.open(f, "r", encoding="utf-8-sig") as source:
                source.readline()
        except UnicodeError:
            with codecs.open(f, "r", encoding="ascii") as source:
                source.readline()
        else:
            encoding = "utf-8-sig"
    else:
        encoding = "utf-16"
    return encoding


class Interval:
    def __init__(self, minTime, maxTime, mark):
        if minTime >= maxTime:
            raise ValueError(minTime, maxTime)
        self.minTime, self.maxTime, self.mark = minTime, maxTime, mark

    def overlaps(self, other):
        return other.minTime < self.maxTime and self.minTime < other.maxTime


class IntervalTier:
    def __init__(self, name=None, minTime=0.0, maxTime=None):
        self.name, self.minTime, self.maxTime = name, minTime, maxTime
        self.intervals = []

    def addInterval(self, interval):
        if interval.minTime < self.minTime:
            raise ValueError(self.minTime)
        if self.maxTime and interval.maxTime > self.maxTime:
            raise ValueError(self.maxTime)
        # bisect_left over Interval.__lt__, which raises on an overlap (strict), and the equality check after it
        for other in self.intervals:
            if interval.overlaps(other):
                raise ValueError(interval, other)
            if (other.minTime, other.maxTime) == (interval.minTime, interval.maxTime):
                raise ValueError(other)
        i = sum(1 for other in self.intervals if other.minTime < interval.minTime)
        self.intervals.insert(i, interval)


def parse_line(line, short, to_round):
    line = line.strip()
    if short:
        if '"' in line:
            return line[1:-1]
        return round(float(line), to_round)
    if '"' in line:
        m = re.match(r'.+? = "(.*)"', line)
        return m.groups()[0]
    m = re.match(r".+? = (.*)", line)
    return round(float(m.groups()[0]), to_round)


def parse_header(source):
    header = source.readline()
    m = re.match(r'File type = "([\w ]+)"', header)
    if m is None or not m.groups()[0].startswith("ooTextFile"):
        raise TextGridError("The file could not be parsed as a Praat text file as it is lacking a proper header.")
    short = "short" in m.groups()[0]
    file_type = parse_line(source.readline(), short, "")
    source.readline()
    return file_type, short


def read_textgrid(f, round_digits=DEFAULT_TEXTGRID_PRECISION):
    tiers = []
    with codecs.open(f, "r", encoding=detectEncoding(f)) as source:
        file_type, short = parse_header(source)
        if file_type != "TextGrid":
            raise TextGridError("The file could not be parsed as a TextGrid as it is lacking a proper header.")
        minTime = parse_line(source.readline(), short, round_digits)
        maxTime = parse_line(source.readline(), short, round_digits)
        source.readline()
        if short:
            m = int(source.readline().strip())
        else:
            m = int(source.readline().strip().split()[2])
        if not short:
            source.readline()
        for i in range(m):
            if not short:
                source.readline()
            if parse_line(source.readline(), short, round_digits) != "IntervalTier":
                raise TextGridError(f"tier {i + 1} is not an IntervalTier (the export writes interval tiers only)")
            inam = parse_line(source.readline(), short, round_digits)
            imin = parse_line(source.readline(), short, round_digits)
            imax = parse_line(source.readline(), short, round_digits)
            itie = IntervalTier(inam, imin, imax)
            n = int(parse_line(source.readline(), short, round_digits))
            written = []
            for j in range(n):
                if not short:
                    source.readline()
                jmin = parse_line(source.readline(), short, round_digits)
                jmax = parse_line(source.readline(), short, round_digits)
                jmrk = _getMark(source, short)
                written.append((jmin, jmax))
                if jmin < jmax:
                    itie.addInterval(Interval(jmin, jmax, jmrk))
            check_tiling(inam, imin, imax, written)
            if maxTime is not None and itie.maxTime is not None and itie.maxTime > maxTime:
                raise ValueError(maxTime)
            tiers.append(itie)
    return minTime, maxTime, tiers


def check_tiling(name, xmin, xmax, written):
    time = xmin
    for number, (start, end) in enumerate(written, 1):
        if start != time:
            raise TextGridError(f'tier "{name}": interval {number} starts at {start}, not where the previous ended ({time})')
        time = end
    if time != xmax:
        raise TextGridError(f'tier "{name}": its intervals end at {time}, not at its xmax ({xmax})')


def main(folder):
    folder = Path(folder)
    read = {}
    for path in sorted(folder.rglob("*.TextGrid")):
        minTime, maxTime, tiers = read_textgrid(str(path))
        stem = path.name[: -len(".TextGrid")]
        audio = sorted(p.name for p in path.parent.iterdir() if p.suffix != ".TextGrid" and (p.stem == stem or p.name == stem))
        read[path.relative_to(folder).as_posix()] = {
            "xmin": minTime,
            "xmax": maxTime,
            "tiers": [{"name": t.name, "intervals": [[i.minTime, i.maxTime, i.mark] for i in t.intervals]} for t in tiers],
            "audio": audio,
        }
    print(json.dumps(read))


if __name__ == "__main__":
    main(sys.argv[1])
