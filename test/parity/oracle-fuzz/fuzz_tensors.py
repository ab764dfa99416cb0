import os
import sys, json, random, urllib.request, urllib.error
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures'))
import gen_tensors as G
import torch
import torch_versions as TV
G.canonical_bytes = lambda t: (t.float() if t.dtype == torch.bfloat16 else t).contiguous().numpy().tobytes()
G.INLINE_MAX = 10**9
from torch_versions import torch_version_value
PORT = int(sys.argv[1]); N = int(sys.argv[2]); R = random.Random(int(sys.argv[3]))
V = torch_version_value()
DT = ['float32', 'float64', 'float16', 'bfloat16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool']
def size():
    k = R.choice([0, 1, 1, 2, 2, 3])
    if R.random() < 0.15: return [R.choice([0, 1, 15, 16, 17, 31, 32, 33, 100, 1000, 4097])] if k else []
    return [R.randint(0, 9 if k > 1 else 70) for _ in range(k)]
def num():
    return R.choice([0.0, 1.0, -1.0, 0.5, 1e-3, 1e6, -2.5, 3.0, 1e-30, 65504.0, 70000.0, R.uniform(-10, 10)])
def big():
    return R.choice([0, 1, -1, 2, 7, 100, 2**16, 2**24, 2**28 - 1, 2**28, 2**28 + 3, 2**31, 2**32, 2**32 + 5, 2**40, 2**53 + 1, 2**62, -2**31, -2**63, 2**63 - 1, R.randint(-2**40, 2**40)])
def req():
    op = R.choice(['rand', 'randn', 'normal', 'uniform', 'randint', 'randperm', 'bernoulli'])
    r = {'seed': R.choice([0, 1, 42, R.randrange(0, 2**64), -R.randrange(1, 2**63)]), 'op': op}
    if op == 'randperm': r['n'] = R.choice([0, 1, 2, 5, 16, 17, 100, 1000, R.randint(0, 3000)])
    else: r['size'] = size()
    if R.random() < 0.8: r['dtype'] = R.choice(DT)
    if op == 'normal':
        r['mean'] = num(); r['std'] = abs(num()) if R.random() < 0.9 else -1.0
    if op == 'uniform':
        r['from'] = num(); r['to'] = num()
    if op == 'randint':
        lo, hi = sorted([big(), big()]) if R.random() < 0.9 else (big(), big())
        r['low'] = lo; r['high'] = hi
    if op == 'bernoulli': r['p'] = R.choice([0.0, 1.0, 0.5, 0.3, 1e-5, 0.999, -0.1, 1.1, R.random()])
    return r
def wire(r):
    w = dict(r); w['torch_version'] = V
    for k in ('seed', 'low', 'high'):
        if k in w and not (-2**53 < w[k] < 2**53): w[k] = str(w[k])
    return w
bad = 0; n422 = 0
for i in range(N):
    r = req()
    TV._seen.clear()
    try:
        expect, _ = G.run(dict(r, low=r.get('low', 0)) if r['op'] == 'randint' else r)
    except Exception as e:
        expect = {'status': 422, 'detail': f'{type(e).__name__}: {e}'}
    body = json.dumps(wire(r)).encode()
    try:
        resp = urllib.request.urlopen(urllib.request.Request(f'http://127.0.0.1:{PORT}/v1/tensors', body, {'content-type': 'application/json'}))
        got = json.loads(resp.read()); status = 200
    except urllib.error.HTTPError as e:
        got = json.loads(e.read()); status = e.code
    if 'status' in expect:
        n422 += 1
        if status != 422 or expect['detail'].split(': ',1)[-1][:60] not in got.get('detail', ''):
            bad += 1; print('ERRDIFF', json.dumps(wire(r)), '| torch:', expect['detail'][:200], '| svc:', status, str(got.get('detail', got))[:300])
    elif status != 200 or got != expect:
        bad += 1
        g = got.get('tensor', got); e = expect['tensor']
        print('DIFF', json.dumps(wire(r)), '| status', status, '| torch', json.dumps(e)[:300], '| svc', json.dumps(g)[:300], '| warn', expect.get('warnings'), got.get('warnings'))
print(f'{V}: {N} cases, {n422} torch errors, {bad} differ', file=sys.stderr)
