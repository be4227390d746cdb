#!/usr/bin/env python3
"""Sanity-check the held-out journals: headings, one operation label per entry, order."""
import re, sys, pathlib, collections

HEAD = re.compile(r'^## (\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}))? (—|–|--|-|:) (\S.*)$')
LABEL = re.compile(r'^[a-z0-9]+(?:-[a-z0-9]+)*$')

def check(path):
    errs, entries, cur, fence = [], [], None, False
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if line.lstrip().startswith('```'):
            fence = not fence
            continue
        if fence:
            continue
        if line.startswith('## '):
            m = HEAD.match(line)
            if not m:
                errs.append(f'{n}: bad heading: {line}')
                continue
            cur = {'line': n, 'date': m.group(1), 'time': m.group(2) or '', 'ops': [], 'keys': set()}
            entries.append(cur)
        elif cur is not None:
            m = re.match(r'^- ([a-z]+): ?(.*)$', line)
            if m:
                cur['keys'].add(m.group(1))
                if m.group(1) == 'operation':
                    cur['ops'].append(m.group(2).strip())
    if fence:
        errs.append('unterminated code fence')
    prev = ('', '')
    for e in entries:
        if len(e['ops']) != 1:
            errs.append(f"{e['line']}: {len(e['ops'])} operation lines")
        elif not LABEL.match(e['ops'][0]):
            errs.append(f"{e['line']}: label not kebab-case: {e['ops'][0]}")
        for k in ('by', 'outcome'):
            if k not in e['keys']:
                errs.append(f"{e['line']}: missing {k}")
        key = (e['date'], e['time'])
        if e['date'] < prev[0] or (e['date'] == prev[0] and e['time'] and prev[1] and e['time'] < prev[1]):
            errs.append(f"{e['line']}: date goes backwards ({prev} -> {key})")
        prev = key
    ops = collections.Counter(e['ops'][0] for e in entries if len(e['ops']) == 1)
    return errs, entries, ops

ok = True
root = pathlib.Path(__file__).parent
for j in sorted(root.glob('*/JOURNAL.md')):
    errs, entries, ops = check(j)
    span = f"{entries[0]['date']}..{entries[-1]['date']}" if entries else '-'
    print(f"{j.parent.name}: {len(entries)} entries, {len(ops)} operations, {span}")
    print('   ', ', '.join(f'{k}={v}' for k, v in ops.most_common()))
    for e in errs:
        print('   ERROR', e); ok = False
sys.exit(0 if ok else 1)
