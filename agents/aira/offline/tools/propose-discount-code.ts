// propose_discount_code: a discount code (percentage or amount off, dates, usage limits, audience), proposed for approval.
import { findDates } from "../dates";
import { findNumbers } from "../entities";
import { always, clamp, clarify, money, r, refuse, tool, type ProposalModule } from "../kit";
import { mask } from "../text";
import type { Message } from "../understand";
import type { Understanding } from "../types";

/** Who a code is meant for, when the merchant limits it: "for our VIP customers", "new customers only". */
const AUDIENCE =
  /\b(vips?|loyal|best|top|repeat|returning|new|first[- ]time|wholesale|trade|staff|employee|subscribed|newsletter|lapsed|inactive|at[- ]risk|high[- ]value|big[- ]spending|regular|local|email|instagram|tiktok|facebook)\s+(?:customers?|clients?|buyers?|shoppers?|members?|subscribers?|followers?)\b|\bvips?\b/;

export const discountCode: ProposalModule = {
  name: "propose_discount_code",
  rules: [
    r("propose_discount_code", 5, /\b(discount|promo|coupon|voucher)\s*codes?\b|\bcoupons?\b|\bvouchers?\b|\bpromo\b/),
    r("propose_discount_code", 2, /\bcodes?\b/),
    // "15% code for our VIP customers": a code with an amount off, whoever it is meant for.
    r("propose_discount_code", 4, /\b(?:codes?|coupons?|vouchers?)\b/, (s) => s.percent || s.amount),
    r("propose_discount_code", 4, /\b(?:discount|promo|promotion)\b/, (s) => s.code && (s.percent || s.amount)),
    // "create OLYMPIA20 for 20% off": a code typed with an amount off.
    r("propose_discount_code", 4, /\boff\b/, (s) => s.code && (s.percent || s.amount)),
    r(
      "propose_discount_code",
      4,
      /\b(create|make|new|set up|setup|generate|add|issue)\b[^.]{0,30}\bdiscount\b/,
      (s) => s.code || s.percent || s.amount,
    ),
    r("propose_discount_code", 1, /\b(create|make|new|set up|setup|generate|add|issue|give)\b/),
    r("propose_discount_code", 2, /\d\s*%\s*off\b|\$\s?\d+(?:\.\d+)?\s*off\b|\b\d+\s*(?:percent|dollars?)\s+off\b/),
    r("propose_discount_code", -2, always, (s) => s.product),
  ],
  build(msg: Message): Understanding {
    const code = msg.code;
    const text = code ? mask(msg.text, [code]) : msg.text;
    const dates = findDates(text, msg.context.now, { prefer: "future", timeZone: msg.context.timeZone });
    const nums = findNumbers(mask(text, dates));
    const percent = nums.find((n) => n.kind === "percent");
    const amount = nums.find((n) => n.kind === "money") ?? nums.find((n) => n.kind === "number" && n.after === "off");
    if (percent && percent.value > 90)
      return refuse("A discount code can take at most 90% off; larger discounts give products away.");
    if (!percent && !amount)
      return clarify(
        `How much should ${code ? code.code : "the code"} take off: a percentage (e.g. 10%) or a fixed amount (e.g. $5)?`,
        ["10%", "$5"],
      );
    // "a coupon for the hoodies 10 off": a bare number could be 10% or $10, and the two codes differ
    // tenfold on a $100 basket. With no code named either, the whole offer would be made up (blind batch
    // n read it as $10 off under "10OFF"), so it is asked. A named code with "5 off" ("new code XMASEVE,
    // 5 off", batch l) keeps the amount reading: the merchant set the code and the card shows "$5 off".
    if (!percent && !code && amount && amount.kind === "number") {
      const cash = money(amount.value, msg.context.currency);
      return clarify(`Should the code take ${amount.value}% off or ${cash} off the order?`, [
        `${amount.value}%`,
        `${cash}`,
      ]);
    }
    // A bare "20% off": a code, or a cut to some product's price?
    if (!code && !/\b(codes?|coupons?|vouchers?|promo(?:tion)?s?|discounts?|deal|offer|sale|campaign)\b/.test(text)) {
      const off = percent ? `${percent.value}%` : money(amount!.value, msg.context.currency);
      return clarify(`Do you want a discount code for ${off} off, or ${off} off a product's price (which product)?`, [
        `a discount code for ${off} off`,
        `${off} off a product's price`,
      ]);
    }
    // "for our VIP customers": a code made here works for anyone who has it; the card says so.
    const audience = AUDIENCE.exec(text);
    const qualifier = audience ? audience[0].trim() : null;
    const input: Record<string, unknown> = {};
    if (qualifier) {
      // As the merchant typed it ("VIP customers").
      const typed = new RegExp(qualifier.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/[- ]/g, "[- ]"), "i").exec(
        msg.raw,
      );
      input.audience = (typed?.[0] ?? qualifier).slice(0, 100);
    }
    const generated = percent ? `SAVE${percent.value}` : `${amount!.value}OFF`;
    input.code = (code?.code ?? generated).replace(/\./g, "_");
    if (percent) input.percentOff = clamp(percent.value, 1, 90);
    else input.amountOff = amount!.value;

    const nowIso = msg.context.now.toISOString();
    const dayStart = (d: string) => (d === msg.today ? nowIso : `${d}T00:00:00.000Z`);
    const dayEnd = (d: string) => `${d}T23:59:59.000Z`;
    const since = dates.find((d) => d.role === "since");
    const until = dates.find((d) => d.role === "until");
    const duration =
      /\b(?:for|lasting|valid for|runs? for|good for|over|within)\s+(?:the\s+)?(?:next\s+|coming\s+|following\s+)?(?:(\d+)|an?|1)\s*(hours?|hrs?|days?|weeks?|months?)\b/.exec(
        text,
      );
    // Of several periods ("for black friday ... valid black friday weekend"), the one the code is valid for.
    // A forward window said as a duration ("for the next 2 weeks") is the duration, from now, as "for one
    // week" is; as a period it would start tomorrow at midnight.
    const periods = dates.filter(
      (d) =>
        d.role === "period" && !(duration && d.start >= duration.index && d.end <= duration.index + duration[0].length),
    );
    const period =
      periods.find((d) =>
        /\b(?:valid|runs?|running|during|over|through|on)\s+(?:the\s+)?$/.test(text.slice(0, d.start)),
      ) ??
      periods.find((d) => d.anchor.from !== d.anchor.to) ??
      periods[0];
    let startsAt = nowIso;
    let endsAt: string | undefined;
    if (since) startsAt = dayStart(since.anchor.from);
    else if (period && (period.anchor.from !== period.anchor.to || !until))
      // A period already running ("this year", "this month") starts the code now, not on its first day.
      startsAt =
        period.anchor.from < msg.today && period.anchor.to >= msg.today ? nowIso : dayStart(period.anchor.from);
    if (until) endsAt = dayEnd(until.anchor.to);
    else if (
      period &&
      !since &&
      (period.anchor.from !== period.anchor.to ||
        /\b(?:on|only|just|just for|only for|for)\s+$/.test(text.slice(0, period.start)) ||
        /^\s*only\b/.test(text.slice(period.end)))
    )
      endsAt = dayEnd(period.anchor.to);
    else if (period && since && period !== since) endsAt = dayEnd(period.anchor.to);
    if (!endsAt && duration) {
      const n = duration[1] ? Number(duration[1]) : 1;
      const hours = duration[2].startsWith("h")
        ? n
        : n * 24 * (duration[2].startsWith("w") ? 7 : duration[2].startsWith("m") ? 30 : 1);
      endsAt = new Date(Date.parse(startsAt) + hours * 3_600_000).toISOString();
    }
    if (startsAt < nowIso && startsAt.slice(0, 10) < msg.today)
      return clarify("That start date is in the past. When should the code start?");
    input.startsAt = startsAt;
    if (endsAt) {
      if (endsAt <= startsAt) return clarify("The code would end before it starts. When should it end?");
      input.endsAt = endsAt;
    }
    const usage =
      /\b(?:max(?:imum)?(?:\s+of)?|limit(?:ed)?(?:\s+(?:it|this|that|uses|usage|redemptions))?(?:\s+(?:to|of|at))?|up to|only|first|cap(?:ped)?(?:\s+(?:it|this|that|uses|usage|redemptions))?(?:\s+(?:at|to))?|stop after)\s+(\d+)\s*(?:uses|redemptions|times|customers|people|orders|shoppers|buyers)?\b|\b(\d+)\s+(?:uses|redemptions)\b/.exec(
        text,
      );
    if (usage) input.usageLimit = clamp(Number(usage[1] ?? usage[2]), 1, 1_000_000);
    if (
      /\b(more than once|multiple times|many times|reusable|re-?use|repeat (?:use|uses|usage|redemptions?)|multiple uses|unlimited uses per|unlimited (?:uses )?per (?:customer|person)|as often as|every order|repeatedly)\b|\bno (?:limit|cap|restriction|max(?:imum)?)s? (?:per|on each|for each|on) (?:customer|person|shopper|buyer)\b|\bnot (?:just |only )?once per (?:customer|person)\b/.test(
        text,
      )
    )
      input.oncePerCustomer = false;
    else if (
      /\b(once per customer|one (?:use )?per customer|single[- ]use|once each|one time per customer|once per person)\b/.test(
        text,
      )
    )
      input.oncePerCustomer = true;
    return tool("propose_discount_code", input);
  },
};
