package cnes

import (
	"io"
	"runtime"
)

// The loader parses a file's CSV in its own goroutine and hands the
// records over in batches, so that parsing (recordReader, the larger
// half of the work) overlaps with decoding and indexing on a second core.
// Everything a record's consumer needs travels with it: the fields, the
// positions of the bound columns (for errors) and the read offset (for
// size estimates); the csv.Reader is only ever touched by the producer.

const pipeRecords = 512 // records per batch

// pipeBatchBytes bounds the record bytes of a batch, so that the batches
// in flight stay small whatever the records' size.
const pipeBatchBytes = 1 << 20

// pipeMinBytes is the file size from which parsing moves to its own
// goroutine; smaller files (and single-CPU processes) are read inline.
var pipeMinBytes int64 = 1 << 20

func pipelined(size int64) bool {
	return size >= pipeMinBytes && runtime.GOMAXPROCS(0) > 1
}

type fieldPos struct{ line, col int32 }

type recBatch struct {
	n      int        // records in the batch
	fields []string   // n × width
	pos    []fieldPos // n × len(pipe.cols)
	skips  []skipped  // soft errors met before record skips[i].at
	err    error      // error that ended the file after the records
	rows   int64      // records read from the start of the file, this batch included
	offset int64      // input offset after the batch's last record
}

type skipped struct {
	at  int
	err ParseError
}

type pipe struct {
	width   int
	batch   int   // records per batch: pipeRecords, fewer for very wide files
	cols    []int // record indexes whose positions travel (0 first)
	posOf   []int // record index → index in cols, or -1
	out     chan *recBatch
	free    chan *recBatch
	done    chan struct{}
	cur     *recBatch
	i, si   int // next record and next skip in cur
	stopped bool
}

// start moves the csv reading of tr to a goroutine. Call stop when done
// with the reader (it waits for the goroutine).
func (tr *tableReader) start() {
	p := &pipe{
		width: tr.headerLen,
		batch: min(pipeRecords, max(1, 1<<14/tr.headerLen)), // at most ~16k fields in flight per batch
		posOf: make([]int, tr.headerLen),
		out:   make(chan *recBatch, 4),
		free:  make(chan *recBatch, 6),
		done:  make(chan struct{}),
	}
	for i := range p.posOf {
		p.posOf[i] = -1
	}
	p.posOf[0] = 0
	p.cols = append(p.cols, 0)
	for _, i := range tr.idx {
		if i > 0 && p.posOf[i] < 0 {
			p.posOf[i] = len(p.cols)
			p.cols = append(p.cols, i)
		}
	}
	tr.pipe = p
	go tr.produce(p)
}

// produce reads records into batches until the end of the file, an error,
// or stop.
func (tr *tableReader) produce(p *pipe) {
	defer close(p.out)
	var rows int64
	for {
		var b *recBatch
		select {
		case b = <-p.free:
			b.n, b.fields, b.pos, b.skips, b.err = 0, b.fields[:0], b.pos[:0], b.skips[:0], nil
		default:
			b = &recBatch{fields: make([]string, 0, p.batch*p.width), pos: make([]fieldPos, 0, p.batch*len(p.cols))}
		}
		eof := false
		start := tr.cr.inputOffset()
		for b.n < p.batch && len(b.skips) < p.batch && tr.cr.inputOffset()-start < pipeBatchBytes {
			rec, err := tr.cr.read()
			if err == io.EOF {
				eof = true
				break
			}
			if err != nil {
				if isFieldCount(err) {
					b.skips = append(b.skips, skipped{at: b.n, err: tr.readErrValue(err.(*readError))})
					continue
				}
				b.err, eof = tr.readErr(err), true
				break
			}
			b.fields = append(b.fields, rec...)
			for _, i := range p.cols {
				l, c := tr.cr.fieldPos(i)
				b.pos = append(b.pos, fieldPos{int32(l), int32(c)})
			}
			b.n++
		}
		rows += int64(b.n)
		b.rows, b.offset = rows, tr.cr.inputOffset()
		select {
		case p.out <- b:
		case <-p.done:
			return
		}
		if eof {
			return
		}
	}
}

// nextAsync is next for a started reader.
func (tr *tableReader) nextAsync() (bool, error) {
	p := tr.pipe
	for {
		if b := p.cur; b != nil {
			if p.si < len(b.skips) && b.skips[p.si].at == p.i {
				tr.soft = append(tr.soft, b.skips[p.si].err)
				p.si++
				tr.rec, tr.recPos = nil, nil
				return true, nil
			}
			if p.i < b.n {
				tr.rec = b.fields[p.i*p.width : (p.i+1)*p.width]
				tr.recPos = b.pos[p.i*len(p.cols) : (p.i+1)*len(p.cols)]
				p.i++
				return true, nil
			}
			if b.err != nil {
				return false, b.err
			}
			tr.rec, tr.recPos = nil, nil
			select {
			case p.free <- b:
			default:
			}
			p.cur = nil
		}
		b, ok := <-p.out
		if !ok {
			return false, nil
		}
		p.cur, p.i, p.si = b, 0, 0
	}
}

// stop ends the producer and waits for it, so that the file can be
// closed safely.
func (tr *tableReader) stop() {
	p := tr.pipe
	if p == nil || p.stopped {
		return
	}
	p.stopped = true
	close(p.done)
	for range p.out {
	}
}

// progress returns how many records were parsed and the input offset
// reached, as of the current batch.
func (tr *tableReader) progress() (rows, offset int64) {
	if tr.pipe == nil {
		return tr.nread, tr.cr.inputOffset()
	}
	if b := tr.pipe.cur; b != nil {
		return b.rows, b.offset
	}
	return 0, 0
}

// fieldPos returns the line and column of record field i.
func (tr *tableReader) fieldPos(i int) (line, col int) {
	if p := tr.pipe; p != nil {
		if k := p.posOf[i]; k >= 0 && k < len(tr.recPos) {
			return int(tr.recPos[k].line), int(tr.recPos[k].col)
		}
		return 0, 0
	}
	return tr.cr.fieldPos(i)
}
