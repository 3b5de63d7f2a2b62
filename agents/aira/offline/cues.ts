// Sentence-level cues about what kind of message this is, shared by the rules and the arbitration
// between rules and the learned intent model (arbiter.ts): whether the merchant said not to change
// anything, whether the last sentence only asks for consent to the request before it. Safety
// decisions built on them stay with the rules: a message with a no-change cue never proposes a change.

/**
 * "without changing anything", "don't change it yet", "I'm only asking", "dont change nothin": the
 * merchant wants an answer or advice, and has said so. Never a proposal, whatever else it names.
 * "I'm not changing anything yet", "don't do it, just show me", "what would happen if ...", "if I raised
 * it to 110, what would that do?": a what-if asks what a change would do, and never makes it (blind batch n).
 */
export const NO_CHANGE =
  /\b(?:without|before) (?:changing|touching|altering|updating) (?:anything|it|them|the price|prices|stock)\b|\b(?:do not|don'?t|dont|not|no need to) (?:want (?:you |to )?)?(?:change|touch|alter|update)\b[^.?!]{0,25}\b(?:yet|anything|nothing|nothin|for now)\b|\b(?:i'?m |we'?re |just |only )(?:only |just )?asking\b|\bjust (?:curious|wondering)\b|\bhypothetically\b|\b(?:i'?m|i am|we'?re|we are) not (?:changing|touching|doing|applying) (?:anything|it|that|them)\b|\b(?:do not|don'?t|dont) (?:do|apply|action) (?:it|that|anything)\b|\bjust show me\b|\bwhat (?:would|will|could) happen\b|\bwhat if\b|\bwhat would (?:that|it|this) do\b|^suppose\b|^(?:\w+\s+){0,2}if (?:i|we) \w+ed\b[^.?!]{0,60}\b(?:would|will)\b/;

/**
 * A last sentence that only asks for consent or checks the request before it ("Would that be all
 * right?", "is that ok?", "ok?", "if that's possible"): it does not make the message a question.
 */
export const TAG_QUESTION =
  /^(?:(?:and|so)\s+)?(?:would|will|is|could|can|does)\s+(?:that|this|it)\s+(?:be\s+)?(?:all ?right|alright|ok(?:ay)?|possible|fine|doable|a problem|work)(?:\s+(?:with you|for you|please))?\s*\??$|^(?:ok(?:ay)?|alright|all right|right|thanks|thank you|cheers)\s*\?*[.!]*$|^if (?:that'?s|it'?s|that is|it is) (?:ok(?:ay)?|possible|all ?right|fine)\b[^.?!]*[.?!]*$/;

/**
 * "did sync run today", "has the forecast finished", "does BF25 still work": a sentence opened by an
 * auxiliary of the past or of a state asks; it does not command (unlike "do a stock count").
 */
export const YES_NO_QUESTION =
  /^(?:(?:so|and|ok|okay|hey)[\s,]+)?(?:did|does|has|hasn'?t|didn'?t|doesn'?t)\s+(?!(?:a|an|some)\b)(?:the\s+|our\s+|my\s+)?[a-z0-9]+/;

/** Whether `text` (normalised) tells AIRA not to change anything. */
export function saysNoChange(text: string): boolean {
  return NO_CHANGE.test(text);
}

/** Whether `sentence` (the message's last, trimmed) only asks for consent to what came before. */
export function isTagQuestion(sentence: string): boolean {
  return TAG_QUESTION.test(sentence);
}
