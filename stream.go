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
// workers goroutines (0 means GOMAXPROCS); at most a few lines per worker
// are held at once, so memory does not grow with the stream. A line over
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
		if emitErr == nil {
			if emitErr = emit(j.res); emitErr != nil {
				close(stop)
			}
		}
	}
	if err := <-readErr; err != nil && emitErr == nil {
		return err
	}
	return emitErr
}

// streamJob is one line on its way through the workers.
type streamJob struct {
	data []byte
	over bool // longer than the limit: data was not kept
	res  Result
	done chan struct{}
}

func (j *streamJob) run(o Options) {
	defer close(j.done)
	if j.over {
		j.res.Err = Errors{newError("", CodeTooLarge, "line is over "+strconv.Itoa(o.maxBytes())+" bytes")}
		return
	}
	j.res.JSON, j.res.Warnings, j.res.Err = o.NormalizeJSON(j.data)
	j.data = nil
}

// readLines splits r into lines and hands each to the workers and, in
// order, to the emitter, until r ends or stop is closed.
func (o Options) readLines(r io.Reader, jobs, ordered chan<- *streamJob, stop <-chan struct{}) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		data, over, err := readLine(br, o.maxBytes())
		if err == io.EOF && data == nil && !over {
			return nil
		}
		if err != nil && err != io.EOF {
			return err
		}
		j := &streamJob{data: data, over: over, res: Result{Line: n}, done: make(chan struct{})}
		select {
		case ordered <- j:
		case <-stop:
			return nil
		}
		jobs <- j
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
