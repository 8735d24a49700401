"""Reads `jfr print --events jdk.ExecutionSample[,jdk.NativeMethodSample]` text into samples.

Each sample is a dict: {'thread': name, 'frames': [leaf first, ...]} with frames as printed,
without their `line: N` suffix (so one method is one frame whatever line was executing).
"""
import re

_LINE = re.compile(r'\s+line:.*$')


def read_samples(stream):
    samples, cur, frames = [], None, None
    for line in stream:
        s = line.strip()
        if s.startswith('jdk.ExecutionSample') or s.startswith('jdk.NativeMethodSample'):
            cur = {'thread': '', 'frames': []}
        elif s.startswith('sampledThread') and cur is not None:
            cur['thread'] = s.split('=', 1)[1].strip().split(' (')[0].strip('"')
        elif s.startswith('stackTrace = [') and cur is not None:
            frames = cur['frames']
        elif s == ']' and frames is not None:
            samples.append(cur)
            frames = None
        elif frames is not None and s and not s.startswith('...'):
            frames.append(_LINE.sub('', s))
    return samples
