/** MathML Core elements for JSX: React renders them, its types do not list them. */
import 'react';

type MathProps = React.HTMLAttributes<HTMLElement> & { display?: 'block' | 'inline' };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      math: MathProps;
      mrow: MathProps;
      mi: MathProps;
      mn: MathProps;
      mo: MathProps;
      msub: MathProps;
      msup: MathProps;
      mfrac: MathProps;
      munder: MathProps;
      munderover: MathProps;
      mspace: MathProps & { width?: string };
    }
  }
}
