#!/usr/bin/env python3
"""Writes a results file for the docs to quote: {"meta": {commit, date, machine, command, ...}, ...fields}.

    bench/provenance.py --out FILE.json --command "bench/x.sh --flag" [--meta key=text] \
        [--field key=text] [--json key=JSON] [--json-file key=PATH]

The commit is the checkout's HEAD (short), marked "(+ uncommitted changes)" when tracked files differ from it;
the date is now, in UTC; the machine is CPUs, CPU model and kernel, as the other results files say it.
"""
import argparse
import json
import os
import platform
import subprocess
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def commit():
    rev = subprocess.run(['git', '-C', ROOT, 'rev-parse', '--short', 'HEAD'],
                         capture_output=True, text=True).stdout.strip() or 'no commit'
    dirty = subprocess.run(['git', '-C', ROOT, 'status', '--porcelain', '--untracked-files=no'],
                           capture_output=True, text=True).stdout.strip()
    return rev + (' (+ uncommitted changes)' if dirty else '')


def machine():
    cpu = '?'
    with open('/proc/cpuinfo') as f:
        for line in f:
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    return f'{os.cpu_count()} CPUs, {cpu}, kernel {platform.release()}'


def write(path, doc):
    """Writes a results document as the docs' files are: indented JSON, directories made as needed."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')


def pair(text):
    key, sep, value = text.partition('=')
    if not sep or not key:
        raise argparse.ArgumentTypeError(f'expected key=value, got {text!r}')
    return key, value


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--out', required=True)
    p.add_argument('--command', required=True, help='the command as it was run')
    p.add_argument('--meta', type=pair, action='append', default=[], help='more provenance, as text')
    p.add_argument('--field', type=pair, action='append', default=[], help='a result, as text')
    p.add_argument('--json', type=pair, action='append', default=[], help='a result, as JSON')
    p.add_argument('--json-file', type=pair, action='append', default=[], help='a result, read from a JSON file')
    a = p.parse_args()
    meta = {'commit': commit(), 'date': datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
            'machine': machine(), 'command': a.command}
    meta.update(dict(a.meta))
    doc = {'meta': meta}
    doc.update(dict(a.field))
    for key, value in a.json:
        doc[key] = json.loads(value)
    for key, path in a.json_file:
        with open(path) as f:
            doc[key] = json.load(f)
    write(a.out, doc)
    print(f'provenance: wrote {a.out}')


if __name__ == '__main__':
    main()
