// Rounding of money and other figures, in one place: amounts are kept as numbers in the shop's
// currency and rounded to cents only where they are reported.

/** `value` rounded to `digits` decimals. */
export const roundTo = (value: number, digits: number): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

/** An amount of money rounded to cents. */
export const roundMoney = (amount: number): number => roundTo(amount, 2);
