import os, sys
if os.environ.get('PYTHONHASHSEED') != '0':
    os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], {**os.environ, 'PYTHONHASHSEED': '0'})
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures'))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import json, random, urllib.request, urllib.error
import gen_modules as M
from common import compare, post
import torch_versions as TV
from torch_versions import torch_version_value
M.INLINE_MAX = 10**9
PORT = int(sys.argv[1]); N = int(sys.argv[2]); R = random.Random(int(sys.argv[3])); V = torch_version_value()
FNS = ['uniform_', 'normal_', 'constant_', 'ones_', 'zeros_', 'eye_', 'dirac_', 'xavier_uniform_', 'xavier_normal_', 'kaiming_uniform_', 'kaiming_normal_', 'trunc_normal_', 'sparse_']
NL = ['linear', 'conv1d', 'conv2d', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu', 'conv_transpose2d', 'softmax']
def num(): return R.choice([0.0, 1.0, -1.0, 0.5, 2.0, 0.02, -3.0, 1e-3, 10.0, R.uniform(-5, 5)])
def size():
    k = R.choice([0, 1, 2, 2, 2, 3, 3, 4, 5])
    return [R.choice([0, 1, 2, 3, 4, 5, 7, 16, 17, 33]) for _ in range(k)]
def req():
    fn = R.choice(FNS); r = {'seed': R.choice([0, 1, 42, R.randrange(0, 2**63)]), 'fn': fn, 'size': size()}
    if fn == 'uniform_' and R.random() < .8: r['a'] = num(); r['b'] = num()
    if fn == 'normal_' and R.random() < .8: r['mean'] = num(); r['std'] = abs(num()) if R.random() < .9 else -1.0
    if fn == 'constant_': r['val'] = num()
    if fn == 'dirac_' and R.random() < .5: r['groups'] = R.choice([1, 2, 3])
    if fn.startswith('xavier') and R.random() < .5: r['gain'] = num()
    if fn.startswith('kaiming'):
        if R.random() < .5: r['a'] = R.choice([0, 0.01, 0.2, 1, 5, -1.0, math.sqrt(5)])
        if R.random() < .5: r['mode'] = R.choice(['fan_in', 'fan_out', 'fan_out', 'fan_avg'])
        if R.random() < .6: r['nonlinearity'] = R.choice(NL)
    if fn == 'trunc_normal_':
        if R.random() < .7: r['mean'] = num(); r['std'] = abs(num()) + 0.01
        if R.random() < .7: a = num(); r['a'] = a; r['b'] = a + R.choice([0.1, 0.5, 1.0, 3.0, 10.0])
    if fn == 'sparse_': r['sparsity'] = R.choice([0.0, 0.1, 0.3, 0.5, 0.9, 1.0]); 
    return r
import math
bad = 0; nerr = 0
for i in range(N):
    r = req()
    TV._seen.clear()
    line = M.init_case('fuzz/x', dict(r))
    expect = line['expect']
    w = dict(r, torch_version=V)
    status, got = post(PORT, '/v1/init', w)
    if expect.get('status') == 422: nerr += 1
    bad += compare(line, w, status, got)
print(f'{V}: {N} init cases, {nerr} torch errors, {bad} differ', file=sys.stderr)
