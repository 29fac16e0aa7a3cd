-- steering the collector
collectgarbage("stop")
