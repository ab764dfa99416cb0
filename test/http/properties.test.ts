import { describe, test } from 'node:test';
import { useApp } from '../helpers/app.js';
import {
  noStateShared,
  oneStepScriptEqualsEndpoint,
  opCases,
  routesMatchOpenApi,
  sameSeedSameAnswer,
  scriptStep,
  shapeAndDtypeAsAsked,
  workEstimateBoundsWork,
} from '../helpers/properties.js';

// The invariants of test/helpers/properties.ts applied to every example of every computing route
// (src/http/examples.ts). The cache is off, so a repeated request is computed again.
describe('invariants of every op', () => {
  const { app } = useApp({ CACHE_MAX_BYTES: 0 });
  const cases = opCases();
  test('every POST route has its route and examples here', routesMatchOpenApi(app));
  for (const c of cases) {
    describe(`${c.operationId}: ${c.summary}`, () => {
      test('same seed, same answer', sameSeedSameAnswer(app, c));
      test('no state shared between requests', noStateShared(app, c, cases.filter((x) => x !== c)));
      test('the work estimate bounds the work', workEstimateBoundsWork(app, c));
      if (c.url === '/v1/tensors') test('shape and dtype as asked', shapeAndDtypeAsAsked(app, c));
      if (scriptStep(c) !== undefined) test('a one-step script equals its endpoint', oneStepScriptEqualsEndpoint(app, c));
    });
  }
});
