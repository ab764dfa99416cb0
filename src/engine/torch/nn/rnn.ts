import { warn } from '../../warnings.js';
import { TorchError } from '../../errors.js';
import { uniform_, type InitContext } from './init.js';
import { param, type StateDict } from './module.js';

/** `RNN` (either nonlinearity), `LSTM` or `GRU`. */
export type RnnMode = 'RNN' | 'LSTM' | 'GRU';

/** Constructor arguments of `torch.nn.RNN`, `LSTM` and `GRU` that shape the state_dict. */
export interface RnnOptions {
  input_size: number;
  hidden_size: number;
  num_layers?: number;
  bias?: boolean;
  dropout?: number;
  bidirectional?: boolean;
  /** LSTM only. */
  proj_size?: number;
  /** RNN only: 'tanh' (default) or 'relu'. */
  nonlinearity?: string;
}

/** Gate multiplier: RNN 1, GRU 3, LSTM 4. */
const GATES: Record<RnnMode, number> = { RNN: 1, GRU: 3, LSTM: 4 };

/**
 * Keys and shapes of an `RNNBase` state_dict in registration order:
 * per layer and direction `weight_ih_l{l}{sfx}, weight_hh_l{l}{sfx}, [bias_ih, bias_hh], [weight_hr]`.
 */
export function rnnShapes(o: RnnOptions, mode: RnnMode): Array<[string, number[]]> {
  const layers = o.num_layers ?? 1;
  const dirs = o.bidirectional ? 2 : 1;
  const proj = o.proj_size ?? 0;
  const bias = o.bias ?? true;
  const gate = GATES[mode] * o.hidden_size;
  const real = proj > 0 ? proj : o.hidden_size;
  const out: Array<[string, number[]]> = [];
  for (let l = 0; l < layers; l++) {
    for (let d = 0; d < dirs; d++) {
      const sfx = d === 1 ? '_reverse' : '';
      const inSize = l === 0 ? o.input_size : real * dirs;
      out.push([`weight_ih_l${l}${sfx}`, [gate, inSize]], [`weight_hh_l${l}${sfx}`, [gate, real]]);
      if (bias) out.push([`bias_ih_l${l}${sfx}`, [gate]], [`bias_hh_l${l}${sfx}`, [gate]]);
      if (proj > 0) out.push([`weight_hr_l${l}${sfx}`, [proj, o.hidden_size]]);
    }
  }
  return out;
}

/**
 * `torch.nn.RNN/LSTM/GRU(input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, proj_size)`.
 *
 * torch/nn/modules/rnn.py@v1.13.1 RNNBase: argument checks, then `reset_parameters`:
 * `stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0; for weight in self.parameters(): init.uniform_(weight, -stdv, stdv)`.
 */
export function rnn(ctx: InitContext, o: RnnOptions, mode: RnnMode, path = 'module'): StateDict {
  const nl = o.nonlinearity ?? 'tanh';
  if (mode === 'RNN' && nl !== 'tanh' && nl !== 'relu') {
    // torch/nn/modules/rnn.py@v2.13.0 RNN.__init__: f"Unknown nonlinearity '{self.nonlinearity}'. Select from 'tanh' or 'relu'."
    // (@v1.13.1: "Unknown nonlinearity '{}'".format(self.nonlinearity)), raised before RNNBase's checks
    const text = ctx.g.profile.version === '1.13' ? `Unknown nonlinearity '${nl}'` : `Unknown nonlinearity '${nl}'. Select from 'tanh' or 'relu'.`;
    throw new TorchError(text, 'ValueError', `${path}.nonlinearity`);
  }
  const dropout = o.dropout ?? 0;
  if (!(dropout >= 0 && dropout <= 1)) {
    throw new TorchError(
      'dropout should be a number in range [0, 1] representing the probability of an element being zeroed',
      'ValueError',
      `${path}.dropout`,
    );
  }
  const layers = o.num_layers ?? 1;
  if (dropout > 0 && layers === 1) {
    // torch/nn/modules/rnn.py@v1.13.1 and @v2.13.0 RNNBase.__init__
    warn(`dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=${String(dropout)} and num_layers=${layers}`);
  }
  if (ctx.g.profile.version !== '1.13') {
    // torch/nn/modules/rnn.py@v2.13.0 RNNBase.__init__: `if input_size <= 0: raise ValueError("input_size must be greater than zero")`, then hidden_size, num_layers
    if (o.input_size <= 0) throw new TorchError('input_size must be greater than zero', 'ValueError', `${path}.input_size`);
    if (o.hidden_size <= 0) throw new TorchError('hidden_size must be greater than zero', 'ValueError', `${path}.hidden_size`);
    if (layers <= 0) throw new TorchError('num_layers must be greater than zero', 'ValueError', `${path}.num_layers`);
  }
  const proj = o.proj_size ?? 0;
  if (proj < 0) throw new TorchError('proj_size should be a positive integer or zero to disable projections', 'ValueError', `${path}.proj_size`);
  if (proj >= o.hidden_size) throw new TorchError('proj_size has to be smaller than hidden_size', 'ValueError', `${path}.proj_size`);
  const stdv = o.hidden_size > 0 ? 1.0 / Math.sqrt(o.hidden_size) : 0;
  const sd: StateDict = rnnShapes(o, mode).map(([k, s]) => [k, param(ctx, s)]);
  for (const [, t] of sd) uniform_(ctx, t, -stdv, stdv);
  return sd;
}

/** Constructor arguments of `torch.nn.RNNCell`, `LSTMCell`, `GRUCell`. */
export interface RnnCellOptions {
  input_size: number;
  hidden_size: number;
  bias?: boolean;
}

/** Keys and shapes of an `RNNCellBase` state_dict. */
export function rnnCellShapes(o: RnnCellOptions, mode: RnnMode): Array<[string, number[]]> {
  const c = GATES[mode] * o.hidden_size;
  const out: Array<[string, number[]]> = [['weight_ih', [c, o.input_size]], ['weight_hh', [c, o.hidden_size]]];
  if (o.bias ?? true) out.push(['bias_ih', [c]], ['bias_hh', [c]]);
  return out;
}

/**
 * `torch.nn.RNNCell/LSTMCell/GRUCell(input_size, hidden_size, bias)`: every parameter U(-1/sqrt(hidden), 1/sqrt(hidden))
 * in registration order (torch/nn/modules/rnn.py@v1.13.1 RNNCellBase.reset_parameters).
 */
export function rnnCell(ctx: InitContext, o: RnnCellOptions, mode: RnnMode): StateDict {
  const stdv = o.hidden_size > 0 ? 1.0 / Math.sqrt(o.hidden_size) : 0;
  const sd: StateDict = rnnCellShapes(o, mode).map(([k, s]) => [k, param(ctx, s)]);
  for (const [, t] of sd) uniform_(ctx, t, -stdv, stdv);
  return sd;
}
