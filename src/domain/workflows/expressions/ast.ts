/** The syntax tree of an expression. */

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=';

/** One node; `context` is a root name (`github`, `env`, …), `star` is the `.*` / `[*]` filter. */
export type ExprNode =
  | { kind: 'literal'; value: null | boolean | number | string }
  | { kind: 'context'; name: string }
  | { kind: 'member'; object: ExprNode; property: string }
  | { kind: 'index'; object: ExprNode; index: ExprNode }
  | { kind: 'star'; object: ExprNode }
  | { kind: 'not'; operand: ExprNode }
  | { kind: 'binary'; op: BinaryOp; left: ExprNode; right: ExprNode }
  | { kind: 'call'; name: string; args: ExprNode[] };

/** Child nodes of an expression node, for walks. */
export function childrenOf(node: ExprNode): ExprNode[] {
  switch (node.kind) {
    case 'member':
    case 'star':
      return [node.object];
    case 'index':
      return [node.object, node.index];
    case 'not':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'call':
      return node.args;
    default:
      return [];
  }
}
