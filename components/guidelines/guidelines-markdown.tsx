import Markdown, { type Components } from "react-markdown";

// Pages and panels have their own headings: the guidelines' headings move one level down so the outline stays right.
const HEADINGS: Components = {
  h1: ({ node: _node, ...props }) => <h2 {...props} />,
  h2: ({ node: _node, ...props }) => <h3 {...props} />,
  h3: ({ node: _node, ...props }) => <h4 {...props} />,
  h4: ({ node: _node, ...props }) => <h5 {...props} />,
  h5: ({ node: _node, ...props }) => <h6 {...props} />,
};

const READING_STYLE = [
  "space-y-3 text-sm leading-6 text-slate-800",
  "[&_h2]:text-lg [&_h2]:font-semibold [&_h3]:text-base [&_h3]:font-semibold [&_h4]:font-semibold [&_h5]:font-medium [&_h6]:font-medium",
  "[&_ul]:list-disc [&_ol]:list-decimal [&_ul]:pl-5 [&_ol]:pl-5 [&_li]:mt-1",
  "[&_a]:text-brand-700 [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:border-slate-200 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600",
  "[&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:font-mono [&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-slate-50 [&_pre]:p-3",
  "[&_hr]:border-slate-200 [&_img]:max-w-full",
].join(" ");

/** Guidelines as reading text. Raw HTML in the markdown is dropped, never rendered. */
export function GuidelinesMarkdown({ markdown }: { markdown: string }) {
  if (!markdown.trim()) return <p className="text-sm italic text-slate-500">This version of the guidelines is empty.</p>;
  return (
    <div className={READING_STYLE}>
      <Markdown skipHtml components={HEADINGS}>
        {markdown}
      </Markdown>
    </div>
  );
}
