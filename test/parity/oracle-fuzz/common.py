"""What the oracle fuzzers share: posting a request to the running service and comparing its answer
with the case torch's own generator code built (gen_*.py's case form: expect, torch_says)."""
import json
import urllib.error
import urllib.request


def post(port, path, body):
    """(status, parsed JSON) of POST body to the service on 127.0.0.1:port."""
    req = urllib.request.Request(f'http://127.0.0.1:{port}{path}', json.dumps(body).encode(), {'content-type': 'application/json'})
    try:
        with urllib.request.urlopen(req) as resp:
            return 200, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def compare(line, wire, status, got, describe=None):
    """Prints and returns 1 when the service's answer differs from the case (a 422 must carry torch's text)."""
    expect = line['expect']
    if expect.get('status') == 422:
        says = line['torch_says'].split(': ', 1)[-1][:80]
        if status != 422 or says not in got.get('detail', ''):
            print('ERRDIFF', json.dumps(wire), '| torch:', line['torch_says'][:200], '| svc:', status, str(got.get('detail', got))[:200])
            return 1
    elif status != 200 or got != expect:
        extra = describe(expect, got) if describe else ''
        print('DIFF', json.dumps(wire), '| status', status, extra, '| torch', json.dumps(expect)[:300], '| svc', json.dumps(got)[:300])
        return 1
    return 0
