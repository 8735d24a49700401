"""Flame graph of JFR samples, as an SVG and as folded stacks (one `a;b;c N` line per stack).

usage: jfr print --events jdk.ExecutionSample --stack-depth 96 f.jfr \
         | python3 flame.py THREADREGEX out.svg [out.folded] [title]

Frames are shortened to `Class.method` (package dropped); the root is at the bottom, each box's
width is its share of the selected threads' samples, hovering shows the full frame and the share.
Colours: Provenant green, Axon orange, JDBC/PostgreSQL/Hikari blue, Jackson purple, JDK/other grey.
"""
import html, re, sys
from jfrstacks import read_samples

WIDTH, ROW, FONT, MIN_SHARE = 1600, 17, 11, 0.001


def short(frame):
    name = re.sub(r'\(.*', '', frame)
    parts = name.split('.')
    return '.'.join(parts[-2:]) if len(parts) >= 2 else name


def colour(frame):
    for pattern, rgb in ((r'dev\.provenant', '120,190,120'), (r'axonframework', '230,160,80'),
                         (r'postgresql|zaxxer|springframework\.jdbc|java\.sql', '110,160,220'),
                         (r'jackson', '170,130,210')):
        if re.search(pattern, frame):
            return rgb
    return '200,200,200'


def tree(samples):
    root = {'n': 0, 'kids': {}, 'full': 'all'}
    for s in samples:
        node = root
        node['n'] += 1
        for f in reversed(s['frames']):
            key = short(f)
            node = node['kids'].setdefault(key, {'n': 0, 'kids': {}, 'full': f})
            node['n'] += 1
    return root


def boxes(node, name, x, depth, total, out):
    w = node['n'] / total
    if w < MIN_SHARE:
        return
    out.append((x, depth, w, name, node['full'], node['n']))
    cx = x
    for key, kid in sorted(node['kids'].items()):
        boxes(kid, key, cx, depth + 1, total, out)
        cx += kid['n'] / total


def svg(root, title):
    out = []
    boxes(root, 'all', 0.0, 0, root['n'], out)
    depth = max(d for _, d, *_ in out) + 1
    height = (depth + 2) * ROW
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
             f'font-family="monospace" font-size="{FONT}">',
             f'<text x="4" y="{FONT + 2}">{html.escape(title)} ({root["n"]} samples)</text>']
    for x, d, w, name, full, n in out:
        px, py, pw = x * WIDTH, height - (d + 1) * ROW, w * WIDTH
        label = name if pw > 7 * len(name) else (name[:int(pw / 7) - 1] + '…' if pw > 30 else '')
        parts.append(f'<g><title>{html.escape(full)} — {100 * w:.1f}% ({n})</title>'
                     f'<rect x="{px:.1f}" y="{py}" width="{max(pw - 0.5, 0.5):.1f}" height="{ROW - 1}" '
                     f'fill="rgb({colour(full)})"/>'
                     f'<text x="{px + 2:.1f}" y="{py + ROW - 5}">{html.escape(label)}</text></g>')
    parts.append('</svg>')
    return '\n'.join(parts)


def folded(samples):
    counts = {}
    for s in samples:
        key = ';'.join(short(f) for f in reversed(s['frames']))
        counts[key] = counts.get(key, 0) + 1
    return '\n'.join(f'{k} {v}' for k, v in sorted(counts.items())) + '\n'


if __name__ == '__main__':
    threads = re.compile(sys.argv[1])
    selected = [s for s in read_samples(sys.stdin) if threads.search(s['thread']) and s['frames']]
    if not selected:
        sys.exit('no samples on threads matching ' + sys.argv[1])
    title = sys.argv[4] if len(sys.argv) > 4 else 'threads ~ ' + sys.argv[1]
    with open(sys.argv[2], 'w') as f:
        f.write(svg(tree(selected), title))
    if len(sys.argv) > 3:
        with open(sys.argv[3], 'w') as f:
            f.write(folded(selected))
    print(f'{len(selected)} samples -> {sys.argv[2]}')
