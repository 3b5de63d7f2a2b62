// Product copy written by AIRA's configured language model (draft_product_copy uses it when
// present; without it the tool's offline template drafts, marked as such).
import { generateText, type LanguageModel } from "ai";
import { copyPrompt, type Copywriter } from "../marketing/copy";

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
