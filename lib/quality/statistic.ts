/**
 * A statistic, or the reason it is undefined for this input (one category only, one coder per unit,
 * no pairable values ...). Agreement code returns this instead of NaN or throwing on degenerate data.
 */
export type Statistic = { value: number; reason?: undefined } | { value: null; reason: string };

export function defined(value: number): Statistic {
  return { value };
}

export function undefinedBecause(reason: string): Statistic {
  return { value: null, reason };
}
