package profile

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"runtime"
	"strconv"
)

// A Result is the outcome of one line of a stream: the normalized body of
// a valid line, or its problems.
type Result struct {
	Line     int           // 1-based line number in the input
	JSON     []byte        // the canonical body; nil when the line is invalid
	Warnings []*FieldError // changes made instead of failing
	Err      error         // Errors when the line is invalid, else nil
}

// Stream normalizes a stream of single-profile bodies, one JSON document
// per line (NDJSON), as [Options.NormalizeJSON] does each body, and calls
// emit with each line's result in input order. Lines are normalized on
// workers goroutines (0 means GOMAXPROCS); at most a few batches of lines
// (32 lines or 64 KB each) per worker are held at once, so memory does not
// grow with the stream. A line over
// the byte limit is reported as too_large without being held. A blank
// line is a syntax error; a final newline does not start a line.
//
// Stream returns the first error from reading r or from emit; a line's
// problems are in its Result, not in the error.
func (o Options) Stream(r io.Reader, workers int, emit func(Result) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan *streamJob, 4*workers)    // lines waiting for a worker
	ordered := make(chan *streamJob, 4*workers) // the same lines, in input order
	for range workers {
		go func() {
			for j := range jobs {
				j.run(o)
			}
		}()
	}
	readErr := make(chan error, 1)
	stop := make(chan struct{})
	go func() {
		readErr <- o.readLines(r, jobs, ordered, stop)
		close(jobs)
		close(ordered)
	}()
	var emitErr error
	for j := range ordered {
		<-j.done
		for _, res := range j.results {
			if emitErr == nil {
				if emitErr = emit(res); emitErr != nil {
					close(stop)
				}
			}
		}
	}
	if err := <-readErr; err != nil && emitErr == nil {
		return err
	}
	return emitErr
}

// Lines travel in batches, so that handing them between goroutines costs
// little next to normalizing them: a batch is sent when it holds
// batchLines lines or batchBytes bytes.
const (
	batchLines = 32
	batchBytes = 64 << 10
)

// streamJob is a batch of lines on its way through the workers.
type streamJob struct {
	lines   [][]byte // nil for a line over the limit, which is not kept
	first   int      // line number of lines[0]
	size    int
	results []Result
	done    chan struct{}
}

func (j *streamJob) run(o Options) {
	defer close(j.done)
	j.results = make([]Result, len(j.lines))
	for i, data := range j.lines {
		res := &j.results[i]
		res.Line = j.first + i
		if data == nil {
			res.Err = Errors{newError("", CodeTooLarge, "line is over "+strconv.Itoa(o.maxBytes())+" bytes")}
			continue
		}
		res.JSON, res.Warnings, res.Err = o.NormalizeJSON(data)
	}
	j.lines = nil
}

// readLines splits r into lines and hands them in batches to the workers
// and, in order, to the emitter, until r ends or stop is closed.
func (o Options) readLines(r io.Reader, jobs, ordered chan<- *streamJob, stop <-chan struct{}) error {
	br := bufio.NewReaderSize(r, 64<<10)
	j := &streamJob{first: 1, done: make(chan struct{})}
	send := func() bool {
		if len(j.lines) == 0 {
			return true
		}
		next := &streamJob{first: j.first + len(j.lines), done: make(chan struct{})}
		select {
		case ordered <- j:
		case <-stop:
			return false
		}
		jobs <- j // a worker owns j from here on
		j = next
		return true
	}
	for {
		data, over, err := readLine(br, o.maxBytes())
		if err == io.EOF && data == nil && !over {
			send()
			return nil
		}
		if err != nil && err != io.EOF {
			return err
		}
		j.lines = append(j.lines, data) // nil when over
		j.size += len(data)
		if (len(j.lines) == batchLines || j.size >= batchBytes || err == io.EOF) && !send() {
			return nil
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readLine returns the next line without its end ("\n" or "\r\n"), or
// over when it is longer than limit, in which case the rest of the line is
// read and dropped. err is io.EOF with the last line when it has no end.
func readLine(br *bufio.Reader, limit int) (line []byte, over bool, err error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if !over {
			if len(buf)+len(chunk) > limit+2 { // room for "\r\n"
				over, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err == io.EOF && len(buf) == 0 && !over {
			return nil, false, io.EOF
		}
		if err != nil && err != io.EOF {
			return nil, false, err
		}
		buf = bytes.TrimSuffix(bytes.TrimSuffix(buf, []byte("\n")), []byte("\r"))
		if !over && len(buf) > limit {
			over, buf = true, nil
		}
		if over {
			buf = nil
		} else if buf == nil {
			buf = []byte{}
		}
		return buf, over, err
	}
}
