import os, sys
if os.environ.get('PYTHONHASHSEED') != '0':
    os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], {**os.environ, 'PYTHONHASHSEED': '0'})
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures'))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import json, random, urllib.request, urllib.error
import gen_modules as M
from common import compare, post
import torch_versions as TV
import torch
from torch_versions import torch_version_value
PORT = int(sys.argv[1]); N = int(sys.argv[2]); R = random.Random(int(sys.argv[3])); V = torch_version_value()
_make = M.make
def make(spec):
    spec = dict(spec)
    if 'dtype' in spec: spec['dtype'] = getattr(torch, spec['dtype'])
    return _make(spec)
M.make = make
def d(): return R.choice([0, 1, 2, 3, 4, 5, 8, 16, 17, 33])
def spec():
    t = R.choice(['Linear', 'Bilinear', 'Conv1d', 'Conv2d', 'Conv3d', 'ConvTranspose1d', 'ConvTranspose2d', 'Embedding', 'EmbeddingBag', 'RNN', 'LSTM', 'GRU', 'RNNCell', 'LSTMCell', 'GRUCell', 'LayerNorm', 'GroupNorm', 'BatchNorm1d', 'InstanceNorm2d', 'MultiheadAttention', 'PReLU', 'TransformerEncoderLayer'])
    s = {'type': t}
    if t == 'Linear': s.update(in_features=d(), out_features=d(), bias=R.random() < .7)
    elif t == 'Bilinear': s.update(in1_features=d(), in2_features=d(), out_features=d(), bias=R.random() < .7)
    elif t.startswith('Conv'):
        g = R.choice([1, 1, 2]); s.update(in_channels=g * R.choice([0, 1, 2, 3]), out_channels=g * R.choice([1, 2, 4]), kernel_size=R.choice([1, 2, 3]), bias=R.random() < .8)
        if g > 1: s['groups'] = g
    elif t in ('Embedding', 'EmbeddingBag'):
        s.update(num_embeddings=R.choice([1, 2, 5, 10, 33]), embedding_dim=d())
        if t == 'Embedding' and R.random() < .3: s['padding_idx'] = 0
    elif t in ('RNN', 'LSTM', 'GRU'):
        s.update(input_size=R.choice([1, 2, 3, 8]), hidden_size=R.choice([1, 2, 4, 16]), num_layers=R.choice([1, 2]), bias=R.random() < .8, bidirectional=R.random() < .4)
        if t == 'LSTM' and R.random() < .2: s['proj_size'] = 1
    elif t.endswith('Cell'): s.update(input_size=R.choice([1, 3, 8]), hidden_size=R.choice([1, 4, 16]), bias=R.random() < .8)
    elif t == 'LayerNorm': s.update(normalized_shape=[R.choice([1, 3, 16])], elementwise_affine=R.random() < .8)
    elif t == 'GroupNorm': s.update(num_groups=2, num_channels=R.choice([2, 4, 6]))
    elif t == 'BatchNorm1d': s.update(num_features=R.choice([1, 4, 10]))
    elif t == 'InstanceNorm2d': s.update(num_features=R.choice([1, 4]), affine=R.random() < .5)
    elif t == 'MultiheadAttention': h = R.choice([1, 2, 4]); s.update(embed_dim=h * R.choice([1, 2, 4, 8]), num_heads=h, bias=R.random() < .8, add_bias_kv=R.random() < .3)
    elif t == 'PReLU': s.update(num_parameters=R.choice([1, 3]))
    elif t == 'TransformerEncoderLayer': s.update(d_model=8, nhead=2, dim_feedforward=R.choice([4, 16]))
    if R.random() < .6: s['dtype'] = R.choice(['float16', 'bfloat16', 'float64', 'float32'])
    return s
bad = 0; nerr = 0
for i in range(N):
    sp = spec(); seed = R.choice([0, 1, 42, R.randrange(0, 2**63)])
    TV._seen.clear()
    line = M.module_case('fuzz/x', sp, seed)
    expect = line['expect']
    w = dict(line['request'], torch_version=V)
    status, got = post(PORT, '/v1/modules', w)
    if expect.get('status') == 422: nerr += 1
    bad += compare(line, w, status, got, lambda e, g: '| keys %s' % [k for k in e.get('state_dict', {}) if g.get('state_dict', {}).get(k) != e['state_dict'][k]])
print(f'{V}: {N} module cases, {nerr} torch errors, {bad} differ', file=sys.stderr)
