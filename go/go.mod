module sessionstore/go

go 1.19
