package profile

import (
	"errors"
	"regexp/syntax"
	"slices"
)

// digitDFA is a deterministic automaton over the ASCII digits, built from
// one of libphonenumber's number patterns. Those patterns only ever see a
// string of digits and are matched whole, so a table of ten transitions
// per state answers what package regexp answers by backtracking, in one
// step per digit and without allocating.
type digitDFA struct {
	next   [][10]int16 // next[state][digit], or deadState
	accept []bool      // states where the digits read so far are a match
}

// deadState is the state from which no digits lead to a match.
const deadState = -1

// maxDFAStates bounds an automaton, so that its states fit an int16; a
// pattern needing more is left to the general parser. libphonenumber's
// largest pattern needs 280.
const maxDFAStates = 1 << 14

var errPatternUnsupported = errors.New("pattern is not a plain digit pattern")

// compileDigits builds the automaton of pattern, a regular expression in
// Perl syntax without anchors or other empty-width assertions.
func compileDigits(pattern string) (*digitDFA, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, err
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return nil, err
	}
	for i := range prog.Inst {
		if prog.Inst[i].Op == syntax.InstEmptyWidth {
			return nil, errPatternUnsupported
		}
	}
	b := dfaBuilder{prog: prog, ids: map[string]int16{}, seen: make([]bool, len(prog.Inst))}
	start := b.closure([]uint32{uint32(prog.Start)})
	b.state(start)
	for i := 0; i < len(b.sets); i++ {
		if len(b.sets) > maxDFAStates {
			return nil, errPatternUnsupported
		}
		for d := range 10 {
			// step may grow b.dfa.next: index it only after the call.
			to := b.step(b.sets[i], rune('0'+d))
			b.dfa.next[i][d] = to
		}
	}
	// A copy, so that the builder's sets and map are not kept alive.
	return &digitDFA{next: slices.Clone(b.dfa.next), accept: slices.Clone(b.dfa.accept)}, nil
}

// dfaBuilder makes the states of a digitDFA by subset construction: each
// state is the set of the program's rune instructions that may read the
// next digit.
type dfaBuilder struct {
	prog *syntax.Prog
	dfa  digitDFA
	sets [][]uint32       // the instructions of each state
	ids  map[string]int16 // state number by its set, as a string key
	seen []bool           // scratch for closure
}

// step returns the state reached from set on digit r, making it if new.
func (b *dfaBuilder) step(set []uint32, r rune) int16 {
	var to []uint32
	for _, pc := range set {
		if pc == matchPC {
			continue
		}
		if in := &b.prog.Inst[pc]; in.MatchRune(r) {
			to = append(to, in.Out)
		}
	}
	if len(to) == 0 {
		return deadState
	}
	return b.state(b.closure(to))
}

// state returns the number of the state for set, making it if new.
func (b *dfaBuilder) state(set []uint32) int16 {
	key := setKey(set)
	if id, ok := b.ids[key]; ok {
		return id
	}
	id := int16(len(b.sets))
	b.ids[key] = id
	b.sets = append(b.sets, set)
	b.dfa.next = append(b.dfa.next, [10]int16{})
	b.dfa.accept = append(b.dfa.accept, slices.Contains(set, matchPC))
	return id
}

// matchPC stands for the program's match instruction in a state's set.
const matchPC = ^uint32(0)

// closure returns the rune instructions reachable from pcs without
// reading a digit, sorted, with matchPC when a match is reachable.
func (b *dfaBuilder) closure(pcs []uint32) []uint32 {
	clear(b.seen)
	var out []uint32
	stack := slices.Clone(pcs)
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b.seen[pc] {
			continue
		}
		b.seen[pc] = true
		in := &b.prog.Inst[pc]
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			stack = append(stack, in.Out, in.Arg)
		case syntax.InstCapture, syntax.InstNop:
			stack = append(stack, in.Out)
		case syntax.InstMatch:
			out = append(out, matchPC)
		case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
			out = append(out, pc)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// setKey encodes a sorted set of instructions as a map key.
func setKey(set []uint32) string {
	key := make([]byte, 0, 4*len(set))
	for _, pc := range set {
		key = append(key, byte(pc), byte(pc>>8), byte(pc>>16), byte(pc>>24))
	}
	return string(key)
}

// match reports whether the whole of s, ASCII digits, matches.
func (d *digitDFA) match(s string) bool {
	st := int16(0)
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return false
		}
		if st = d.next[st][c]; st == deadState {
			return false
		}
	}
	return d.accept[st]
}

// matchPrefix reports whether s, ASCII digits, starts with a match,
// possibly empty.
func (d *digitDFA) matchPrefix(s string) bool {
	st := int16(0)
	for i := 0; ; i++ {
		if d.accept[st] {
			return true
		}
		if i == len(s) {
			return false
		}
		c := s[i] - '0'
		if c > 9 {
			return false
		}
		if st = d.next[st][c]; st == deadState {
			return false
		}
	}
}
