/** The `uses: actions/checkout@v4` step and the `with:` inputs this runner honours. */
import { invalid } from '../errors.js';

const CHECKOUT = /^actions\/checkout@v4(\.\d+){0,2}$/;
const MAX_DEPTH = 100_000;

/** Whether `uses` names the checkout action this runner implements. */
export function isCheckoutAction(uses: string): boolean {
  return CHECKOUT.test(uses.trim());
}

/**
 * Reads `with:`: only `fetch-depth` (0 = full history, default 1). Throws DomainError
 * invalid `checkout.input_invalid` for any other input or a bad depth.
 */
export function checkoutInputs(inputs: Record<string, string>): { fetchDepth: number } {
  let fetchDepth = 1;
  for (const [name, raw] of Object.entries(inputs)) {
    if (name !== 'fetch-depth') {
      throw invalid(
        'checkout.input_invalid',
        `actions/checkout input '${name}' is not supported (only fetch-depth)`,
      );
    }
    const text = String(raw).trim();
    if (!/^\d+$/.test(text) || Number(text) > MAX_DEPTH) {
      throw invalid('checkout.input_invalid', `fetch-depth must be an integer from 0 to ${MAX_DEPTH}`);
    }
    fetchDepth = Number(text);
  }
  return { fetchDepth };
}
