// A project's tasks as the options of a select, as the evaluation and the audit offer them.

export function TaskOptions({ tasks }: { tasks: readonly { key: string; type: string }[] }) {
  return tasks.map((each) => (
    <option key={each.key} value={each.key}>
      {each.key} ({each.type})
    </option>
  ));
}
