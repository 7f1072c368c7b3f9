"use client";
// Writing a comment: markdown in a text area, with @mention autocomplete from the project's members (arrow keys move,
// Enter or Tab inserts, Escape closes) and, for a new topic, an optional link to a shape, segment or time.
import { useQuery } from "@tanstack/react-query";
import { useId, useRef, useState, type KeyboardEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/client/api";
import { mentionFor, mentionQueryAt } from "@/lib/discussions/mentions";
import type { Anchor, MentionSuggestionsJson } from "@/lib/validation/discussions";
import { AnchorPicker, type AnchorTarget } from "./anchor-picker";

export interface CommentDraft {
  body: string;
  anchor?: Anchor;
  isQuestion?: boolean;
}

export function CommentComposer({
  itemId,
  label,
  submitLabel,
  anchorTargets = [],
  askLabelers = false,
  onSubmit,
}: {
  itemId: string;
  label: string;
  submitLabel: string;
  /** What a new topic may link to; none for a reply. */
  anchorTargets?: AnchorTarget[];
  /** Offer "Ask the labelers" beside the plain submit (reviewers, on a new topic). */
  askLabelers?: boolean;
  /** Sends the comment; a failure's message is shown next to the text, which is kept. */
  onSubmit: (draft: CommentDraft) => Promise<unknown>;
}) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState("");
  const [anchor, setAnchor] = useState<Anchor | undefined>();
  const [mention, setMention] = useState<{ query: string; start: number } | null>(null);
  const [highlighted, setHighlighted] = useState(0);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const suggestions = useQuery({
    queryKey: ["items", itemId, "mentionable", mention?.query],
    queryFn: () => api<MentionSuggestionsJson>(`/items/${itemId}/comments/mentionable?q=${encodeURIComponent(mention!.query)}`),
    enabled: mention !== null,
  });
  const members = mention ? (suggestions.data?.members ?? []) : [];

  const track = (text: string, caret: number) => {
    setMention(mentionQueryAt(text, caret));
    setHighlighted(0);
  };
  const insert = (member: { email: string }) => {
    if (!mention) return;
    const caret = area.current?.selectionStart ?? body.length;
    const inserted = `${mentionFor(member)} `;
    const next = body.slice(0, mention.start) + inserted + body.slice(caret);
    setBody(next);
    setMention(null);
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(mention.start + inserted.length, mention.start + inserted.length);
    });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!members.length) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setHighlighted((at) => (at + (event.key === "ArrowDown" ? 1 : members.length - 1)) % members.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      insert(members[highlighted]!);
    } else if (event.key === "Escape") {
      event.preventDefault();
      setMention(null);
    }
  };
  const submit = async (isQuestion: boolean) => {
    setPending(true);
    setError(null);
    try {
      await onSubmit({ body, ...(anchor ? { anchor } : {}), ...(isQuestion ? { isQuestion } : {}) });
      setBody("");
      setAnchor(undefined);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setPending(false);
    }
  };

  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(false);
      }}
    >
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="relative">
        <textarea
          id={id}
          ref={area}
          value={body}
          rows={3}
          required
          maxLength={20_000}
          placeholder="Markdown; @ to mention a member"
          aria-autocomplete="list"
          aria-controls={members.length ? `${id}-mentions` : undefined}
          aria-activedescendant={members.length ? `${id}-mention-${highlighted}` : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => {
            setBody(event.target.value);
            track(event.target.value, event.target.selectionStart);
          }}
          onKeyDown={onKeyDown}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-500 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
        />
        {members.length ? (
          <ul id={`${id}-mentions`} role="listbox" aria-label="Members to mention" className="absolute left-2 top-full z-10 mt-1 w-72 rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg">
            {members.map((member, index) => (
              <li
                key={member.id}
                id={`${id}-mention-${index}`}
                role="option"
                aria-selected={index === highlighted}
                onMouseDown={(event) => {
                  event.preventDefault();
                  insert(member);
                }}
                className={`cursor-pointer px-3 py-1.5 ${index === highlighted ? "bg-brand-50 text-brand-800" : "text-slate-800"}`}
              >
                {member.name} <span className="text-slate-600">{member.email}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {anchorTargets.length ? <AnchorPicker targets={anchorTargets} value={anchor} onChange={setAnchor} /> : null}
      {error ? (
        <div id={`${id}-error`}>
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending || !body.trim()}>
          {submitLabel}
        </Button>
        {askLabelers ? (
          <Button type="button" variant="secondary" disabled={pending || !body.trim()} onClick={() => void submit(true)}>
            Ask the labelers
          </Button>
        ) : null}
      </div>
    </form>
  );
}
