// Product copy and support reply drafts written by AIRA's configured language model
// (draft_product_copy and the support-desk agent use them when present; without one, offline
// templates draft, marked as such).
import { generateText, type LanguageModel } from "ai";
import { copyPrompt, type Copywriter } from "../marketing/copy";
import { cleanReply, replyPrompt, type ReplyWriter } from "../support/reply";

export function modelCopywriter(model: LanguageModel, label: string): Copywriter {
  return {
    model: label,
    async write(request) {
      const { system, prompt } = copyPrompt(request);
      const { text } = await generateText({ model, instructions: system, prompt, maxOutputTokens: 400 });
      return text.trim();
    },
  };
}

/** Support reply drafts from the same model (the support-desk agent uses it when configured). */
export function modelReplyWriter(model: LanguageModel, label: string): ReplyWriter {
  return {
    model: label,
    async write(request) {
      const { system, prompt } = replyPrompt(request);
      const { text } = await generateText({ model, instructions: system, prompt, maxOutputTokens: 500 });
      return cleanReply(text);
    },
  };
}
